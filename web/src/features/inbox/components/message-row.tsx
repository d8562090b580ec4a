// One inbox row: sender and recipients, subject, snippet, time, size and the
// unread and attachment marks, and the tags. Mail text is rendered as text, never markup.
import type { MessageSummary } from "@mailscope/shared";
import { memo, type ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { TagList } from "../../../components/tag-list.js";
import { addressLabel, addressList, formatBytes, fullTime, shortTime } from "../../../lib/format.js";

export interface RowProps {
  message: MessageSummary;
  index: number;
  setSize: number;
  active: boolean;
  open: boolean;
  onOpen: (id: string, index: number) => void;
}

export const MessageRow = memo(function MessageRow({ message: m, index, setSize, active, open, onOpen }: RowProps): ReactElement {
  const from = addressLabel(m.From) || "(no sender)";
  const to = addressList([...m.To, ...m.Cc]);
  const cls = ["msg-row", m.Read ? "is-read" : "is-unread", active ? "is-active" : "", open ? "is-open" : ""].join(" ");
  return (
    <div
      role="option"
      id={`msg-${m.ID}`}
      aria-selected={active}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      className={cls}
      data-testid="message-row"
      data-id={m.ID}
      onClick={() => onOpen(m.ID, index)}
    >
      <span className="msg-unread-dot" aria-label={m.Read ? undefined : "unread"} role={m.Read ? undefined : "img"} />
      <div className="msg-line msg-line-top">
        <span className="msg-from" title={m.From?.Address ?? ""}>
          {from}
        </span>
        {to !== "" ? <span className="msg-to">→ {to}</span> : null}
        <time className="msg-time" dateTime={m.Created} title={fullTime(m.Created)}>
          {shortTime(m.Created)}
        </time>
      </div>
      <div className="msg-line">
        <span className="msg-subject">{m.Subject !== "" ? m.Subject : "(no subject)"}</span>
        <TagList tags={m.Tags} max={2} className="msg-tags" />
        {m.Attachments > 0 ? (
          <span className="msg-attach" title={`${m.Attachments} attachment${m.Attachments === 1 ? "" : "s"}`} aria-label="has attachments" role="img">
            <Icon name="paperclip" size={13} />
          </span>
        ) : null}
      </div>
      <div className="msg-line">
        <span className="msg-snippet">{m.Snippet}</span>
        <span className="msg-size">{formatBytes(m.Size)}</span>
      </div>
    </div>
  );
});

export function SkeletonRow(): ReactElement {
  return (
    <div className="msg-row is-skeleton" aria-hidden="true">
      <div className="skeleton skeleton-short" />
      <div className="skeleton" />
      <div className="skeleton skeleton-long" />
    </div>
  );
}
