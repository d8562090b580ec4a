// The mailbox counts: fetched from /info once, then kept current by the
// feed's stats frames.
import type { MailboxStats } from "@mailscope/shared";
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { API, getJson } from "./api/client.js";
import { num, record, str } from "./api/guards.js";
import { keys } from "./query-keys.js";

export function useStats(): UseQueryResult<MailboxStats> {
  return useQuery({
    queryKey: keys.stats,
    queryFn: async ({ signal }) => {
      const o = record(await getJson(`${API}/info`, signal), "info");
      return { Total: num(o, "Messages"), Unread: num(o, "Unread"), Version: str(o, "Version") };
    },
    staleTime: Infinity,
  });
}
