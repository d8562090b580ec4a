// Remove every rule (DELETE /api/v1/faults), Mailpit chaos and MailHog Jim
// included: the server clears those with the rest.
import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import { API, send } from "../../../lib/api/client.js";
import { keys } from "../../../lib/query-keys.js";
import type { FaultList } from "./decode-rule.js";

export function useRemoveAllFaults(): UseMutationResult<string, Error, void> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => send("DELETE", `${API}/faults`),
    onSuccess: () => {
      qc.setQueryData<FaultList>(keys.faults, { total: 0, rules: [] });
      void qc.invalidateQueries({ queryKey: keys.faults });
    },
  });
}
