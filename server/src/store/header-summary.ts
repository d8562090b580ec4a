// The light summary read from the header block alone (on first need, see
// message-record.ts), so nothing that lists or searches mail waits for a MIME parse. Encoded words (RFC 2047)
// are decoded here, and so are raw 8-bit headers (SMTPUTF8, or a legacy
// charset some old mailers still write unencoded); bodies are left for later.

import { isUtf8 } from "node:buffer";
import libmime from "libmime";
import { decode as decodeCharset } from "libmime/lib/charset.js";
import addressparser from "nodemailer/lib/addressparser";
import { emptyList } from "../empty-list.js";
import { ownString } from "./own-string.js";

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
  /** The Date header, in milliseconds since the epoch (a number: a Date object takes 96 bytes of heap); null if missing or unreadable. */
  date: number | null;
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

function parseDate(value: string | undefined): number | null {
  if (value === undefined) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

/** The fields the summary reads; the rest of the header block is skipped unread. */
interface SummaryFields {
  from?: string;
  to?: string;
  cc?: string;
  replyTo?: string;
  subject?: string;
  messageId?: string;
  date?: string;
  xTags?: string;
}

/**
 * The fields the summary reads, by lower-case name, and whether repeats are
 * joined (To, Cc...) or the first one counts (From, Subject...). A Map: header
 * names are the sender's, "__proto__" included.
 */
const SUMMARY_FIELDS = new Map<string, { key: keyof SummaryFields; joined: boolean }>([
  ["from", { key: "from", joined: false }],
  ["subject", { key: "subject", joined: false }],
  ["message-id", { key: "messageId", joined: false }],
  ["date", { key: "date", joined: false }],
  ["to", { key: "to", joined: true }],
  ["cc", { key: "cc", joined: true }],
  ["reply-to", { key: "replyTo", joined: true }],
  ["x-tags", { key: "xTags", joined: true }],
]);

/**
 * One pass over a header block that hands `take` the fields `pick` wants (by
 * lower-cased name), each value unfolded and trimmed, as headerList reads
 * them. It builds no list of every field, and the values of fields nobody
 * wants (Received, DKIM-Signature...) are never read: the summary and
 * header: searches both run over every message.
 */
export function scanFields<K>(block: string, pick: (name: string) => K | undefined, take: (wanted: K, value: string) => void): void {
  const n = block.length;
  let i = 0;
  while (i < n) {
    let end = block.indexOf("\n", i);
    // A line that starts with a space or tab continues the field (RFC 5322 2.2.3).
    while (end >= 0 && end + 1 < n && (block.charCodeAt(end + 1) === 0x20 || block.charCodeAt(end + 1) === 0x09)) end = block.indexOf("\n", end + 1);
    if (end < 0) end = n;
    const colon = block.indexOf(":", i);
    if (colon > i && colon < end) {
      const wanted = pick(block.slice(i, colon).trim().toLowerCase());
      if (wanted !== undefined) {
        const value = block.slice(colon + 1, end);
        take(wanted, (value.includes("\n") ? value.replace(/\r?\n(?=[ \t])/g, "") : value).trim());
      }
    }
    i = end + 1;
  }
}

/** Every value of the field `name` (lower case), in order. */
export function fieldValues(block: string, name: string): string[] {
  const values: string[] = [];
  scanFields(
    block,
    (n) => (n === name ? true : undefined),
    (_, value) => values.push(value),
  );
  return values;
}

function summaryFields(block: string): SummaryFields {
  const f: SummaryFields = {};
  scanFields(
    block,
    (name) => SUMMARY_FIELDS.get(name),
    ({ key, joined }, value) => {
      const previous = f[key];
      if (!joined) f[key] = previous ?? value;
      else f[key] = previous === undefined ? value : `${previous}, ${value}`;
    },
  );
  return f;
}

export function summarizeHeaders(raw: Buffer): HeaderSummary {
  const f = summaryFields(headerBlock(raw));
  const tags = f.xTags === undefined ? emptyList<string>() : decodeWords(f.xTags).split(",").map((t) => t.trim()).filter((t) => t !== "");
  // Kept for as long as the message: every string is copied out of the header block (see own-string.ts).
  // Empty lists (most mail has no Cc or Reply-To) share one array.
  const owned = (list: MailAddress[]): MailAddress[] => (list.length === 0 ? emptyList() : list.map((a) => ({ name: ownString(a.name), address: ownString(a.address) })));
  return {
    from: owned(parseAddresses(f.from))[0] ?? null,
    to: owned(parseAddresses(f.to)),
    cc: owned(parseAddresses(f.cc)),
    replyTo: owned(parseAddresses(f.replyTo)),
    subject: ownString(decodeWords(f.subject ?? "")),
    messageId: ownString((f.messageId ?? "").replace(/^<|>$/g, "")),
    date: parseDate(f.date),
    tags: tags.length === 0 ? emptyList() : tags.map(ownString),
  };
}
