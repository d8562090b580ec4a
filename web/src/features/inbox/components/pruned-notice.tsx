// The store drops the oldest mail past its limits; say so where it shows.
import { useQueryClient } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { plural } from "../../../lib/format.js";
import { keys } from "../../../lib/query-keys.js";

export function PrunedNotice({ count }: { count: number }): ReactElement | null {
  const qc = useQueryClient();
  if (count === 0) return null;
  return (
    <div className="notice notice-warn" role="status">
      <span>
        {plural(count, "older message")} pruned: the store is at its limit (<code>--max</code>, <code>--max-bytes</code>).
      </span>
      <button type="button" className="link-button" onClick={() => qc.setQueryData(keys.pruned, 0)}>
        Dismiss
      </button>
    </div>
  );
}
