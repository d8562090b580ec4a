// The parsed message, its raw source, and its summary from the list cache.
// GET /message/{ID} marks the message read on the server, as in Mailpit.
import type { MessageSummary } from "@mailscope/shared";
import { useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { API, getJson, getText } from "../../../lib/api/client.js";
import { keys, type MessagePages } from "../../../lib/query-keys.js";
import { decodeMessage } from "./decode.js";
import type { MessageDetail } from "./types.js";

export const messagePath = (id: string): string => `${API}/message/${encodeURIComponent(id)}`;

export function useMessage(id: string): UseQueryResult<MessageDetail> {
  return useQuery({
    queryKey: keys.message(id),
    queryFn: async ({ signal }) => decodeMessage(await getJson(messagePath(id), signal)),
    // A stored message never changes; read/unread is tracked in the lists.
    staleTime: Infinity,
  });
}

export function useRawSource(id: string): UseQueryResult<string> {
  return useQuery({
    queryKey: keys.messagePart(id, "raw"),
    queryFn: ({ signal }) => getText(`${messagePath(id)}/raw`, signal),
    staleTime: Infinity,
  });
}

/** The list row for this message, if any cached list holds it; follows the feed (read, tags). */
export function useCachedSummary(id: string): MessageSummary | undefined {
  const qc = useQueryClient();
  const find = useCallback((): MessageSummary | undefined => {
    for (const [, data] of qc.getQueriesData<MessagePages>({ queryKey: keys.messageLists })) {
      for (const page of data?.pages ?? []) {
        const m = page.items.find((x) => x.ID === id);
        if (m !== undefined) return m;
      }
    }
    return undefined;
  }, [qc, id]);
  const subscribe = useCallback((onChange: () => void) => qc.getQueryCache().subscribe(onChange), [qc]);
  return useSyncExternalStore(subscribe, find);
}
