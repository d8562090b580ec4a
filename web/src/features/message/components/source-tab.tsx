// The source exactly as received (after dot removal), with a .eml download.
import type { ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { errorText } from "../../../lib/api/client.js";
import { formatBytes } from "../../../lib/format.js";
import { messagePath, useRawSource } from "../api/get-message.js";
import { safeFileName } from "../lib/safe-name.js";

// Painting megabytes of text in one <pre> freezes the page; the download has it all.
const SHOW_MAX = 512 * 1024;

export function emlName(subject: string, id: string): string {
  return `${safeFileName(subject, "message").slice(0, 80)}.eml`.replace(/^\.eml$/, `${id}.eml`);
}

export function SourceTab({ id, subject }: { id: string; subject: string }): ReactElement {
  const raw = useRawSource(id);
  const download = (
    <a className="button button-small" href={`${messagePath(id)}/raw`} download={emlName(subject, id)}>
      <Icon name="download" size={15} />
      Download .eml
    </a>
  );
  if (raw.isPending) return <p className="panel-empty">Loading source…</p>;
  if (raw.isError) return <p className="notice notice-error">{errorText(raw.error)}</p>;
  const text = raw.data;
  const cut = text.length > SHOW_MAX;
  return (
    <div className="source-tab">
      <div className="panel-bar">
        <span className="muted">{formatBytes(text.length)} as received</span>
        {download}
      </div>
      {cut ? <p className="notice notice-warn">Showing the first {formatBytes(SHOW_MAX)}; download the .eml for the rest.</p> : null}
      <pre className="code-block source" data-testid="source-body">
        {cut ? text.slice(0, SHOW_MAX) : text}
      </pre>
    </div>
  );
}
