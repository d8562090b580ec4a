// This message's SMTP transaction, and a way to the whole session.
import type { ReactElement } from "react";
import { AppLink } from "../../../components/app-link.js";
import { Icon } from "../../../components/icons.js";
import { TranscriptView } from "../../../components/transcript/transcript-view.js";
import { errorText } from "../../../lib/api/client.js";
import { formatMs } from "../../../lib/format.js";
import { useMessageTranscript } from "../api/get-transcript.js";

export function TranscriptTab({ id, sessionId }: { id: string; sessionId: string | undefined }): ReactElement {
  const t = useMessageTranscript(id, sessionId);
  if (t.isPending) return <p className="panel-empty">Loading the transcript…</p>;
  if (t.isError) return <p className="notice notice-error">{errorText(t.error)}</p>;
  const entries = t.data.Entries;
  const first = entries[0];
  const last = entries[entries.length - 1];
  const session = t.data.SessionID !== "" ? t.data.SessionID : sessionId;
  return (
    <div className="transcript-tab">
      <div className="panel-bar">
        <span className="muted">
          This message's transaction: {entries.length} steps
          {first !== undefined && last !== undefined ? ` in ${formatMs(last.Time - first.Time)}` : ""}
        </span>
        {session !== undefined && session !== "" ? (
          <AppLink className="button button-small" to={{ view: "sessions", s: session }}>
            Whole session
            <Icon name="external" size={14} />
          </AppLink>
        ) : null}
      </div>
      {entries.length === 0 ? (
        <p className="panel-empty">No transcript entries were found for this message.</p>
      ) : (
        <TranscriptView entries={entries} label="SMTP transcript of this message" />
      )}
    </div>
  );
}
