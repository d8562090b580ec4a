// Delete and read/unread. Each applies the same frames the feed would send,
// at once, so the list answers the click even while the feed reconnects.
import type { FeedFrame } from "@mailscope/shared";
import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import { API, send } from "../../../lib/api/client.js";
import { applyFrames } from "../../../lib/feed/apply-frames.js";

export function useDeleteMessages(): UseMutationResult<string, Error, string[]> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => send("DELETE", `${API}/messages`, { IDs: ids }),
    onSuccess: (_ok, ids) => {
      applyFrames(qc, ids.map((ID): FeedFrame => ({ Type: "delete", Data: { ID } })));
    },
  });
}

export function useDeleteAll(): UseMutationResult<string, Error, void> {
  const qc = useQueryClient();
  return useMutation({
    // Mailpit's clients send no body to delete everything; so do we.
    mutationFn: () => send("DELETE", `${API}/messages`),
    onSuccess: () => {
      applyFrames(qc, [{ Type: "truncate", Data: null }]);
    },
  });
}

/** Read or unread; no IDs means every message (Mailpit's PUT /messages). */
export function useSetRead(): UseMutationResult<string, Error, { ids: string[]; read: boolean }> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, read }) => send("PUT", `${API}/messages`, ids.length > 0 ? { IDs: ids, Read: read } : { Read: read }),
    onSuccess: (_ok, { ids, read }) => {
      if (ids.length === 0) void qc.invalidateQueries({ queryKey: ["messages"] });
      else applyFrames(qc, ids.map((ID): FeedFrame => ({ Type: "update", Data: { ID, Read: read } })));
    },
  });
}
