// Sessions, newest first, filtered by the server (status:failed, status:open),
// and one session with its transcript. The feed keeps both current.
import type { SessionDetail } from "@mailscope/shared";
import { useInfiniteQuery, useQuery, type UseInfiniteQueryResult, type UseQueryResult } from "@tanstack/react-query";
import { API, getJson } from "../../../lib/api/client.js";
import { decodeSessionsSummary } from "../../../lib/api/decode.js";
import { fetchSessionDetail } from "../../../lib/api/sessions.js";
import { keys, loadedCount, type SessionPage, type SessionPages } from "../../../lib/query-keys.js";

const FIRST_PAGE = 100;
const PAGE = 1000;

async function fetchPage(filter: string, start: number, signal: AbortSignal): Promise<SessionPage> {
  const limit = start === 0 ? FIRST_PAGE : PAGE;
  const s = decodeSessionsSummary(await getJson(`${API}/sessions?start=${start}&limit=${limit}&query=${encodeURIComponent(filter)}`, signal));
  return { items: s.sessions, matched: s.total };
}

export function useSessions(filter: string): UseInfiniteQueryResult<SessionPages> {
  return useInfiniteQuery({
    queryKey: keys.sessions(filter),
    queryFn: ({ pageParam, signal }) => fetchPage(filter, pageParam, signal),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = loadedCount(pages);
      return loaded < last.matched && last.items.length > 0 ? loaded : undefined;
    },
  });
}

export function useSession(id: string): UseQueryResult<SessionDetail> {
  return useQuery({ queryKey: keys.session(id), queryFn: ({ signal }) => fetchSessionDetail(id, signal) });
}
