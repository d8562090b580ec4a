// One session: who connected, how it ended, the messages it stored, and the
// whole transcript, streaming while the session is open.
import type { ReactElement } from "react";
import { AppLink } from "../../../components/app-link.js";
import { Icon } from "../../../components/icons.js";
import { TranscriptView } from "../../../components/transcript/transcript-view.js";
import { ApiError, errorText } from "../../../lib/api/client.js";
import { useWatchSession } from "../../../lib/feed/feed-context.js";
import { fullTime, plural } from "../../../lib/format.js";
import { useSession } from "../api/get-sessions.js";
import { failureText, StatusBadge } from "./session-status.js";

export function SessionDetailView({ id, onClose }: { id: string; onClose: () => void }): ReactElement {
  const q = useSession(id);
  const s = q.data;
  useWatchSession(id, s !== undefined && s.Ended === "");
  if (q.isPending) return <p className="panel-empty">Loading the session…</p>;
  if (q.isError) {
    const gone = q.error instanceof ApiError && q.error.status === 404;
    return <p className={gone ? "panel-empty" : "notice notice-error"}>{gone ? "This session is no longer stored." : errorText(q.error)}</p>;
  }
  if (s === undefined) return <p className="panel-empty">No session.</p>;
  const why = failureText(s);
  const open = s.Ended === "";
  const duration = open ? null : new Date(s.Ended).getTime() - new Date(s.Started).getTime();
  return (
    <article className="session-detail" aria-label={`Session from ${s.ClientAddress}`} data-testid="session-detail">
      <header className="message-header">
        <div className="message-toolbar">
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close session" title="Close (Esc)">
            <Icon name="back" size={18} />
          </button>
          <div className="toolbar-spacer" />
          <StatusBadge session={s} />
        </div>
        <h2 className="message-subject">
          {s.ClientAddress}:{s.ClientPort}
          {s.Helo !== "" ? <span className="muted"> · {s.Helo}</span> : null}
        </h2>
        {why !== "" ? (
          <p className="notice notice-error" data-testid="session-error">
            {why}
          </p>
        ) : null}
        <dl className="facts">
          <div className="fact">
            <dt>Started</dt>
            <dd>
              {fullTime(s.Started)}
              {duration !== null ? <span className="muted"> · lasted {duration < 1000 ? `${duration} ms` : `${(duration / 1000).toFixed(1)} s`}</span> : null}
            </dd>
          </div>
          <div className="fact">
            <dt>Ended</dt>
            <dd>{open ? <span className="live-text">still open, streaming</span> : `${s.CloseReason.replace(/-/g, " ") || "closed"}`}</dd>
          </div>
          <div className="fact">
            <dt>TLS</dt>
            <dd>{s.TLS === null ? <span className="muted">none</span> : `${s.TLS.Protocol} · ${s.TLS.Cipher}`}</dd>
          </div>
          <div className="fact">
            <dt>AUTH</dt>
            <dd>{s.AuthUser !== "" ? <code>{s.AuthUser}</code> : <span className="muted">none</span>}</dd>
          </div>
          <div className="fact">
            <dt>Messages</dt>
            <dd>
              {s.MessageIDs.length === 0 ? <span className="muted">none stored</span> : null}
              {s.MessageIDs.map((m, i) => (
                <AppLink key={m} className="msg-chip" to={{ m, tab: "transcript" }}>
                  #{i + 1}
                </AppLink>
              ))}
            </dd>
          </div>
        </dl>
      </header>
      <div className="panel-bar">
        <span className="muted">{plural(s.Transcript.length, "step")}</span>
      </div>
      <TranscriptView entries={s.Transcript} label="SMTP transcript of the session" messageLink={(m) => ({ m, tab: "html" })} />
    </article>
  );
}
