// Delete and read/unread from the message view; the cache is updated with
// the frames the feed would send, so the list follows at once.
import type { FeedFrame } from "@mailscope/shared";
import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import { API, send } from "../../../lib/api/client.js";
import { applyFrames } from "../../../lib/feed/apply-frames.js";

export function useDeleteMessage(): UseMutationResult<string, Error, string> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send("DELETE", `${API}/messages`, { IDs: [id] }),
    onSuccess: (_ok, id) => void applyFrames(qc, [{ Type: "delete", Data: { ID: id } }]),
  });
}

export function useMarkRead(): UseMutationResult<string, Error, { id: string; read: boolean }> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, read }) => send("PUT", `${API}/messages`, { IDs: [id], Read: read }),
    onSuccess: (_ok, { id, read }) => void applyFrames(qc, [{ Type: "update", Data: { ID: id, Read: read } } satisfies FeedFrame]),
  });
}
