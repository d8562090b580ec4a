// Subject, tags, sender, recipients and date, with the message's actions.
import type { Address } from "@mailscope/shared";
import type { ReactElement } from "react";
import { Icon } from "../../../components/icons.js";
import { TagList } from "../../../components/tag-list.js";
import { addressFull, formatBytes, fullTime } from "../../../lib/format.js";
import { messagePath } from "../api/get-message.js";
import { emlName } from "./source-tab.js";

export interface HeaderFacts {
  id: string;
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: string;
  size: number;
  read: boolean | undefined;
  tags: readonly string[];
}

function Who({ label, list }: { label: string; list: Address[] }): ReactElement | null {
  if (list.length === 0) return null;
  return (
    <div className="who">
      <span className="who-label">{label}</span>
      <span className="who-list">{list.map(addressFull).join(", ")}</span>
    </div>
  );
}

export interface HeaderActions {
  onClose: () => void;
  onDelete: () => void;
  onToggleRead: (() => void) | null;
  /** A tag was picked: list the messages that carry it. */
  onTag: (tag: string) => void;
}

export function MessageHeader({ facts: f, actions }: { facts: HeaderFacts; actions: HeaderActions }): ReactElement {
  const initial = (f.from?.Name || f.from?.Address || "?").trim().charAt(0).toUpperCase();
  return (
    <header className="message-header">
      <div className="message-toolbar">
        <button type="button" className="icon-button" onClick={actions.onClose} aria-label="Close message" title="Close (Esc)">
          <Icon name="back" size={18} />
        </button>
        <div className="toolbar-spacer" />
        {actions.onToggleRead !== null && f.read !== undefined ? (
          <button type="button" className="button button-small" onClick={actions.onToggleRead} title="Mark read / unread (u)">
            <Icon name={f.read ? "mail" : "mailOpen"} size={15} />
            {f.read ? "Mark unread" : "Mark read"}
          </button>
        ) : null}
        <a className="button button-small" href={`${messagePath(f.id)}/raw`} download={emlName(f.subject, f.id)} aria-label="Download the source (.eml)" title="Download the source (.eml)">
          <Icon name="download" size={15} />
          <span className="hide-narrow">.eml</span>
        </a>
        <button type="button" className="button button-small button-danger-quiet" onClick={actions.onDelete} title="Delete (Delete)">
          <Icon name="trash" size={15} />
          Delete
        </button>
      </div>
      <h2 className="message-subject" data-testid="message-subject">
        {f.subject !== "" ? f.subject : "(no subject)"}
      </h2>
      <TagList tags={f.tags} onPick={actions.onTag} className="message-tags" />
      <div className="message-from-row">
        <span className="avatar" aria-hidden="true">
          {initial}
        </span>
        <div className="message-from">
          <div className="from-line">
            <strong className="from-name">{f.from?.Name || f.from?.Address || "(no sender)"}</strong>
            {f.from !== null && f.from.Name !== "" ? <span className="muted from-addr">&lt;{f.from.Address}&gt;</span> : null}
          </div>
          <Who label="To" list={f.to} />
          <Who label="Cc" list={f.cc} />
          <Who label="Reply-To" list={f.replyTo} />
        </div>
        <div className="message-date">
          <time dateTime={f.date}>{fullTime(f.date)}</time>
          <span className="muted">{formatBytes(f.size)}</span>
        </div>
      </div>
    </header>
  );
}
