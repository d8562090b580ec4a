// The folded text of each field a filter can name, computed once per message
// on its first search and kept on the message itself: a property read is
// several times cheaper than a WeakMap lookup, and a scan does 100,000 of them.

import type { MailAddress } from "../header-summary.js";
import type { StoredMessage } from "../types.js";
import { fold } from "./fold.js";
import type { TextField } from "./query.js";

export type FoldedFields = Record<Exclude<TextField, "addressed">, string>;


const list = (addresses: Array<MailAddress | { address: string }>): string =>
  fold(addresses.map((a) => ("name" in a && a.name !== "" ? `${a.name} <${a.address}>` : a.address)).join(", "));

export function foldedFields(m: StoredMessage): FoldedFields {
  let fields = m.folded as FoldedFields | null;
  if (fields === null) {
    const s = m.summary;
    fields = {
      to: list(s.to),
      from: s.from === null ? "" : list([s.from]),
      cc: list(s.cc),
      bcc: list(m.bcc),
      "reply-to": list(s.replyTo),
      subject: fold(s.subject),
      "message-id": fold(s.messageId),
      "envelope-from": fold(m.envelope.mailFrom.address),
      "envelope-to": list(m.envelope.rcptTo),
    };
    m.folded = fields;
  }
  return fields;
}

export function fieldText(m: StoredMessage, field: TextField): string {
  const f = foldedFields(m);
  return field === "addressed" ? `${f.to}\n${f.cc}\n${f.bcc}` : f[field];
}

/** The headers, subject and names a free-text word also searches, besides the body. */
export function headerText(m: StoredMessage): string {
  const f = foldedFields(m);
  return [f.subject, f.from, f.to, f.cc, f.bcc, f["reply-to"], f["message-id"]].join("\n");
}
