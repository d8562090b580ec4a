// Every header in the order received, decoded; the raw block one click away.
import { useMemo, useState, type ReactElement } from "react";
import { errorText } from "../../../lib/api/client.js";
import { useRawSource } from "../api/get-message.js";
import { parseHeaders, splitEntity } from "../lib/headers.js";

export function HeadersTab({ id }: { id: string }): ReactElement {
  const raw = useRawSource(id);
  const [showRaw, setShowRaw] = useState(false);
  const head = useMemo(() => (raw.data === undefined ? "" : splitEntity(raw.data).head), [raw.data]);
  const fields = useMemo(() => parseHeaders(head), [head]);
  if (raw.isPending) return <p className="panel-empty">Loading headers…</p>;
  if (raw.isError) return <p className="notice notice-error">{errorText(raw.error)}</p>;
  return (
    <div className="headers-tab">
      <div className="panel-bar">
        <span className="muted">{fields.length} headers, in the order received</span>
        <label className="toggle">
          <input type="checkbox" checked={showRaw} onChange={(e) => setShowRaw(e.target.checked)} />
          Raw
        </label>
      </div>
      {showRaw ? (
        <pre className="code-block" aria-label="Raw headers">
          {head}
        </pre>
      ) : (
        <table className="header-table" data-testid="headers-table">
          <tbody>
            {fields.map((f, i) => (
              <tr key={i}>
                <th scope="row">{f.name}</th>
                <td>{f.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
