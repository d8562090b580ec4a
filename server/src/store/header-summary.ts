// The light summary read at ingest from the header block alone, so the
// reply after DATA never waits for a MIME parse. Encoded words (RFC 2047)
// are decoded here, and so are raw 8-bit headers (SMTPUTF8, or a legacy
// charset some old mailers still write unencoded); bodies are left for later.

import { isUtf8 } from "node:buffer";
import libmime from "libmime";
import { decode as decodeCharset } from "libmime/lib/charset.js";
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
}

/** Where a part's header block ends and its body starts (after the empty line, CRLF or bare LF). */
export function splitHead(raw: Buffer, from = 0, to = raw.length): { headEnd: number; bodyStart: number } {
  // A part that opens with an empty line has no headers at all.
  if (raw[from] === 0x0a) return { headEnd: from, bodyStart: from + 1 };
  if (raw[from] === 0x0d && raw[from + 1] === 0x0a) return { headEnd: from, bodyStart: from + 2 };
  const limit = Math.min(to, from + 1024 * 1024);
  for (let i = raw.indexOf(0x0a, from); i >= 0 && i < limit; i = raw.indexOf(0x0a, i + 1)) {
    const next = raw[i + 1];
    if (next === 0x0a) return { headEnd: i + 1, bodyStart: i + 2 };
    if (next === 0x0d && raw[i + 2] === 0x0a) return { headEnd: i + 1, bodyStart: i + 3 };
  }
  return { headEnd: Math.min(to, limit), bodyStart: Math.min(to, limit) };
}

/**
 * Header bytes as text. Valid UTF-8 (ASCII included) is read as such; anything
 * else is 8-bit text in a legacy charset, and the charset the message declares
 * for its body is the best guess at it (RFC 6532 only blesses UTF-8).
 */
export function decodeHeaderBytes(bytes: Buffer, fallbackCharset = "windows-1252"): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  const declared = /charset\s*=\s*"?([\w.:-]+)/i.exec(bytes.toString("latin1"))?.[1];
  return decodeCharset(bytes, declared ?? fallbackCharset);
}

export function headerBlock(raw: Buffer): string {
  return decodeHeaderBytes(raw.subarray(0, splitHead(raw).headEnd));
}

/** Header fields in order, unfolded, with lower-cased names. */
export function headerList(block: string): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  const unfolded = /\n[ \t]/.test(block) ? block.replace(/\r?\n(?=[ \t])/g, "") : block;
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    out.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return out;
}

/** Header fields by lower-cased name; repeated fields keep every value. */
export function parseHeaderFields(block: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const { name, value } of headerList(block)) {
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

// The shapes most mail uses: "a@b", "<a@b>", "Name <a@b>", "\"Name\" <a@b>". Anything else
// (groups, comments, several addresses, escapes) goes to addressparser, which is slower.
const SIMPLE = /^\s*(?:(?:"([^"\\]*)"|([^"<>,;:@()\\[\]]*?))\s*<([^\s<>",;:()\\[\]]+@[^\s<>",;:()\\[\]]+)>|<?([^\s<>",;:()\\[\]]+@[^\s<>",;:()\\[\]]+)>?)\s*$/;

export function parseAddresses(value: string | undefined): MailAddress[] {
  if (value === undefined || value === "") return [];
  const m = SIMPLE.exec(value);
  if (m !== null) {
    const name = (m[1] ?? m[2] ?? "").trim();
    return [{ name: decodeWords(name), address: m[3] ?? m[4] ?? "" }];
  }
  return addressparser(value, { flatten: true }).map((a) => ({ name: decodeWords(a.name), address: a.address }));
}

function parseDate(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function summarizeHeaders(raw: Buffer): HeaderSummary {
  const fields = parseHeaderFields(headerBlock(raw));
  const first = (name: string): string | undefined => fields.get(name)?.[0];
  const all = (name: string): string | undefined => fields.get(name)?.join(", ");
  return {
    from: parseAddresses(first("from"))[0] ?? null,
    to: parseAddresses(all("to")),
    cc: parseAddresses(all("cc")),
    replyTo: parseAddresses(all("reply-to")),
    subject: decodeWords(first("subject") ?? ""),
    messageId: (first("message-id") ?? "").replace(/^<|>$/g, ""),
    date: parseDate(first("date")),
    tags: decodeWords(all("x-tags") ?? "").split(",").map((t) => t.trim()).filter((t) => t !== ""),
  };
}
