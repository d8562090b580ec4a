// The SMTP dialog, readable at a glance: who spoke (client, server, or an
// event), what crossed the wire, how long each step took, and what lint found.
// Shared by the message view (its span) and the sessions view (the whole).
import type { TranscriptEntry } from "@mailscope/shared";
import type { ReactElement } from "react";
import { formatBytes, formatMs } from "../../lib/format.js";
import type { UrlState } from "../../lib/url-state.js";
import { AppLink } from "../app-link.js";
import { Icon, type IconName } from "../icons.js";
import { ClientLine, ServerReply } from "./wire-text.js";

export interface TranscriptViewProps {
  entries: readonly TranscriptEntry[];
  /** Where the message a payload or "stored" entry became is shown; no link when absent. */
  messageLink?: (messageId: string) => Partial<UrlState>;
  /** Accessible name of the list, e.g. "SMTP transcript of this message". */
  label: string;
}

const EVENT_ICONS: Record<string, IconName> = {
  connect: "plug",
  close: "plug",
  tls: "lock",
  auth: "key",
  stored: "check",
  refused: "x",
  discarded: "trash",
  fault: "bolt",
  error: "alert",
};

function eventTone(e: TranscriptEntry): string {
  switch (e.Event) {
    case "tls":
    case "stored":
      return "ok";
    case "refused":
    case "error":
    case "fault":
      return "bad";
    case "auth":
      return /fail|invalid|denied|535/i.test(e.Text) ? "bad" : "ok";
    default:
      return "plain";
  }
}

function Notes({ entry }: { entry: TranscriptEntry }): ReactElement | null {
  if (entry.Notes.length === 0) return null;
  return (
    <ul className="tx-notes" aria-label="Lint notes">
      {entry.Notes.map((n, i) => (
        <li key={i} className="tx-note">
          <Icon name="alert" size={13} />
          <span className="tx-note-kind">{n.Kind}</span> {n.Text}
        </li>
      ))}
    </ul>
  );
}

function Body({ entry, messageLink }: { entry: TranscriptEntry; messageLink: TranscriptViewProps["messageLink"] }): ReactElement {
  const link =
    // One link per message: on its data, not again on the "stored" event.
    entry.MessageID !== undefined && entry.Size !== undefined && messageLink !== undefined ? (
      <AppLink className="tx-link" to={messageLink(entry.MessageID)}>
        Open message
      </AppLink>
    ) : null;
  if (entry.Direction === "event") {
    return (
      <div className={`tx-event tone-${eventTone(entry)}`}>
        <Icon name={EVENT_ICONS[entry.Event ?? ""] ?? "info"} size={14} />
        <span className="tx-event-text">{entry.Text}</span>
        {link}
      </div>
    );
  }
  if (entry.Size !== undefined) {
    return (
      <div className="tx-payload">
        <Icon name="mail" size={14} />
        <span>
          Message data · {formatBytes(entry.Size)}
          {entry.Lines !== undefined ? ` · ${entry.Lines.toLocaleString()} lines` : ""}
        </span>
        {link}
      </div>
    );
  }
  return entry.Direction === "server" ? <ServerReply text={entry.Text} /> : <ClientLine text={entry.Text} decoded={entry.Decoded} />;
}

export function TranscriptView({ entries, messageLink, label }: TranscriptViewProps): ReactElement {
  return (
    <ol className="transcript" aria-label={label}>
      {entries.map((e, i) => {
        const prev = entries[i - 1];
        const gap = prev === undefined ? null : e.Time - prev.Time;
        const slow = e.Notes.some((n) => n.Kind === "slow-step");
        return (
          <li key={e.Seq} className={`tx-row dir-${e.Direction}${slow ? " is-slow" : ""}`} data-direction={e.Direction}>
            <span className="tx-time" title={`${formatMs(e.Time)} after the connection opened`}>
              {gap === null ? formatMs(e.Time) : `+${formatMs(gap)}`}
            </span>
            <span className="tx-dir" aria-label={e.Direction === "event" ? "event" : e.Direction === "client" ? "client" : "server"}>
              {e.Direction === "client" ? "C" : e.Direction === "server" ? "S" : "•"}
            </span>
            <div className="tx-main">
              <Body entry={e} messageLink={messageLink} />
              <Notes entry={e} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
