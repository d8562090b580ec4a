// Remove one rule (DELETE /api/v1/faults/{ID}). The list drops it at once;
// the refetch that follows also cancels a poll that was answered before the
// delete and would otherwise bring the rule back for two seconds.
import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import { API, ApiError, send } from "../../../lib/api/client.js";
import { keys } from "../../../lib/query-keys.js";
import type { FaultList } from "./decode-rule.js";

async function removeFault(id: string): Promise<void> {
  try {
    await send("DELETE", `${API}/faults/${encodeURIComponent(id)}`);
  } catch (err: unknown) {
    // Already gone (another tab, a test's clean-up): what the user asked for is true.
    if (err instanceof ApiError && err.status === 404 && !err.missingRoute) return;
    throw err;
  }
}

export function useRemoveFault(): UseMutationResult<void, Error, string> {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: removeFault,
    onSuccess: (_done, id) => {
      qc.setQueryData<FaultList>(keys.faults, (old) => {
        if (old === undefined) return old;
        const rules = old.rules.filter((r) => r.ID !== id);
        return { total: rules.length, rules };
      });
      void qc.invalidateQueries({ queryKey: keys.faults });
    },
  });
}
