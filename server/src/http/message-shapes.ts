// Domain -> wire for one message: the parsed view mapped onto Mailpit's
// Message and headers shapes, in one place.

import type { Address, Attachment, Message } from "@mailscope/shared";
import type { MailAddress } from "../store/header-summary.js";
import type { ParsedPart, ParsedView } from "../store/parsed-view.js";
import type { StoredMessage } from "../store/types.js";
import { parseListUnsubscribe } from "./list-unsubscribe.js";

const address = (a: MailAddress): Address => ({ Name: a.name, Address: a.address });

export function attachmentOf(p: ParsedPart): Attachment {
  return {
    PartID: p.partId,
    FileName: p.filename || p.contentId,
    ContentType: p.contentType,
    ContentID: p.contentId,
    Size: p.size,
    Checksums: { MD5: p.checksums.md5, SHA1: p.checksums.sha1, SHA256: p.checksums.sha256 },
  };
}

function firstHeader(view: ParsedView, name: string): string {
  return view.headers.find((h) => h.name === name)?.value ?? "";
}

export function fullMessage(m: StoredMessage, view: ParsedView): Message {
  const s = m.summary;
  const returnPath = firstHeader(view, "return-path").replace(/^<|>$/g, "") || m.envelope.mailFrom.address || (s.from?.address ?? "");
  return {
    ID: m.id,
    MessageID: s.messageId,
    From: s.from === null ? null : address(s.from),
    To: s.to.map(address),
    Cc: s.cc.map(address),
    Bcc: m.bcc.map(address),
    ReplyTo: s.replyTo.map(address),
    ReturnPath: returnPath,
    Subject: s.subject,
    ListUnsubscribe: parseListUnsubscribe(firstHeader(view, "list-unsubscribe"), firstHeader(view, "list-unsubscribe-post")),
    Date: new Date(s.date ?? m.receivedAt).toISOString(),
    Tags: m.tags,
    Username: m.envelope.authUser,
    Text: view.text,
    HTML: view.html,
    Size: m.size,
    Inline: view.inline.map(attachmentOf),
    Attachments: view.attachments.map(attachmentOf),
    SessionID: m.sessionId,
  };
}

/** Go's canonical header key, which Mailpit's clients index by: "message-id" -> "Message-Id". */
export function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_all, dash: string, c: string) => dash + c.toUpperCase());
}

/** Header name -> values in order of appearance, names sorted; values as written (Mailpit leaves encoded words alone). */
export function headersOf(fields: ReadonlyArray<{ name: string; value: string }>): Record<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const h of fields) {
    const name = canonicalHeaderName(h.name);
    const list = byName.get(name);
    if (list === undefined) byName.set(name, [h.value]);
    else list.push(h.value);
  }
  // fromEntries defines own properties, so a header named __proto__ stays a plain key.
  return Object.fromEntries([...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
