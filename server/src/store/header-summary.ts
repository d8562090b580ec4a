// The light summary read at ingest from the header block alone, so the
// reply after DATA never waits for a MIME parse. Encoded words (RFC 2047)
// are decoded here; bodies are left to the full parse.

import libmime from "libmime";
import addressparser from "nodemailer/lib/addressparser";

export interface MailAddress {
  name: string;
  address: string;
}

export interface HeaderSummary {
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  subject: string;
  messageId: string;
  date: Date | null;
  /** Mailpit-style tags from an X-Tags header. */
  tags: string[];
  hasAttachments: boolean;
}

/** The header block: everything before the first empty line (CRLF or bare LF). */
export function headerBlock(raw: Buffer): string {
  const limit = Math.min(raw.length, 256 * 1024);
  let end = limit;
  for (let i = 0; i < limit; i++) {
    if (raw[i] !== 0x0a) continue;
    const next = raw[i + 1];
    if (next === 0x0a || (next === 0x0d && raw[i + 2] === 0x0a)) {
      end = i;
      break;
    }
  }
  return raw.toString("utf8", 0, end);
}

/** Header fields, unfolded, with lower-cased names; repeated fields keep every value. */
export function parseHeaderFields(block: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const unfolded = /\n[ \t]/.test(block) ? block.replace(/\r?\n(?=[ \t])/g, "") : block;
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
  }
  return fields;
}

export function decodeWords(value: string): string {
  if (!value.includes("=?")) return value; // most headers carry no encoded words
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

export function parseAddresses(value: string | undefined): MailAddress[] {
  if (value === undefined || value === "") return [];
  return addressparser(value, { flatten: true }).map((a) => ({ name: decodeWords(a.name), address: a.address }));
}

export function summarizeHeaders(raw: Buffer): HeaderSummary {
  const fields = parseHeaderFields(headerBlock(raw));
  const first = (name: string): string | undefined => fields.get(name)?.[0];
  const all = (name: string): string | undefined => fields.get(name)?.join(", ");
  const date = first("date");
  const parsedDate = date === undefined ? null : new Date(date);
  const contentType = first("content-type") ?? "";
  return {
    from: parseAddresses(first("from"))[0] ?? null,
    to: parseAddresses(all("to")),
    cc: parseAddresses(all("cc")),
    replyTo: parseAddresses(all("reply-to")),
    subject: decodeWords(first("subject") ?? ""),
    messageId: (first("message-id") ?? "").replace(/^<|>$/g, ""),
    date: parsedDate !== null && !Number.isNaN(parsedDate.getTime()) ? parsedDate : null,
    tags: (all("x-tags") ?? "").split(",").map((t) => t.trim()).filter((t) => t !== ""),
    hasAttachments: /^multipart\/mixed/i.test(contentType),
  };
}
