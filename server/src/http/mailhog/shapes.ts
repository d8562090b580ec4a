// Domain -> MailHog wire: the one place that maps a stored message to
// MailHog's Message (its API v2 lists, its v1 message and its websocket).
// MailHog clients read headers as written (encoded words and all) and decode
// bodies themselves, so nothing here decodes: values are the bytes received.
//
// Two trims follow MailHog, because tests written against it compare bodies
// exactly: MailHog's data ends before the CRLF that precedes the final "."
// (so Raw.Data, Content.Body and Content.Size leave out the message's last
// line break), and each MIME part drops the line breaks at its end.

import libmime from "libmime";
import { decodeHeaderBytes, splitHead } from "../../store/header-summary.js";
import { mimeTree, splitMultipart, type MimePart } from "../../store/mime/mime-tree.js";
import type { EnvelopeAddress, StoredMessage } from "../../store/types.js";

export interface MailHogPath {
  /** Source-route hops (`@a,@b:` before the mailbox); null when there are none, as MailHog sends. */
  Relays: string[] | null;
  Mailbox: string;
  Domain: string;
  /** MailHog always sends ""; we send the ESMTP parameters of MAIL/RCPT ("SIZE=120 BODY=8BITMIME"). */
  Params: string;
}

export interface MailHogMime {
  Parts: MailHogContent[];
}

export interface MailHogContent {
  /** Field name as written -> every value of that field, in order, unfolded. */
  Headers: Record<string, string[]>;
  Body: string;
  /** Bytes of this part (headers and body). */
  Size: number;
  /** The parts of a multipart part; null otherwise (and always null on a message's top-level Content). */
  MIME: MailHogMime | null;
}

export interface MailHogMessage {
  ID: string;
  From: MailHogPath;
  To: MailHogPath[];
  Content: MailHogContent;
  Created: string;
  /** Top-level parts when the message is multipart, else null. */
  MIME: MailHogMime | null;
  Raw: { From: string; To: string[]; Data: string; Helo: string };
}

export interface MailHogMessages {
  total: number;
  count: number;
  start: number;
  items: MailHogMessage[];
}

function params(p: EnvelopeAddress["params"]): string {
  return Object.entries(p)
    .map(([k, v]) => (v === null ? k : `${k}=${v}`))
    .join(" ");
}

export function mailhogPath(a: EnvelopeAddress): MailHogPath {
  // A source route (RFC 5321 4.1.2, obsolete but legal) is the only place a colon comes before the mailbox.
  const colon = a.address.startsWith("@") ? a.address.indexOf(":") : -1;
  const mailbox = colon < 0 ? a.address : a.address.slice(colon + 1);
  const at = mailbox.lastIndexOf("@"); // a quoted local part may hold an "@" of its own
  return {
    Relays: colon < 0 ? null : a.address.slice(0, colon).split(","),
    Mailbox: at < 0 ? mailbox : mailbox.slice(0, at),
    Domain: at < 0 ? "" : mailbox.slice(at + 1),
    Params: params(a.params),
  };
}

/** Header fields keyed by name as written; a null prototype so a field named __proto__ is just a field. */
export function headerMap(block: string): Record<string, string[]> {
  const map = Object.create(null) as Record<string, string[]>;
  const unfolded = block.replace(/\r?\n(?=[ \t])/g, "");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    (map[line.slice(0, colon).trim()] ??= []).push(line.slice(colon + 1).trim());
  }
  return map;
}

function firstValue(headers: Record<string, string[]>, name: string): string {
  for (const [key, values] of Object.entries(headers)) if (key.toLowerCase() === name) return values[0] ?? "";
  return "";
}

const CR = 0x0d;
const LF = 0x0a;

/** Where MailHog's data ends: before the message's final CRLF, if it has one (BDAT data may not). */
function dataEnd(raw: Buffer): number {
  const n = raw.length;
  return n >= 2 && raw[n - 2] === CR && raw[n - 1] === LF ? n - 2 : n;
}

/** A part's end without the line breaks before it (MailHog trims them). */
function trimBreaks(raw: Buffer, start: number, end: number): number {
  while (end > start && (raw[end - 1] === CR || raw[end - 1] === LF)) end--;
  return end;
}

function content(raw: Buffer, start: number, end: number, node: MimePart | null): MailHogContent {
  const { headEnd, bodyStart } = splitHead(raw, start, end);
  const headers = headerMap(decodeHeaderBytes(raw.subarray(start, headEnd)));
  return { Headers: headers, Body: raw.toString("utf8", Math.min(bodyStart, end), end), Size: end - start, MIME: node === null ? null : parts(raw, node, headers) };
}

/**
 * The parts of a multipart node. The MIME tree decides which nodes are
 * multipart and how many parts are read (its depth and count limits keep
 * hostile nesting cheap); splitMultipart, the tree's own splitter, gives each
 * part's whole byte range, headers included, which MailHog's shape needs.
 * Embedded messages (message/rfc822) are not opened, as MailHog does not.
 */
function parts(raw: Buffer, node: MimePart, headers: Record<string, string[]>): MailHogMime | null {
  if (!node.contentType.startsWith("multipart/") || node.children.length === 0) return null;
  const boundary = libmime.parseHeaderValue(firstValue(headers, "content-type")).params["boundary"] ?? "";
  const { ranges } = splitMultipart(raw, node.bodyStart, node.bodyEnd, boundary);
  const out: MailHogContent[] = [];
  for (const [i, child] of node.children.entries()) {
    const range = ranges[i];
    if (range !== undefined) out.push(content(raw, range[0], trimBreaks(raw, range[0], range[1]), child));
  }
  return { Parts: out };
}

export function mailhogMessage(m: StoredMessage): MailHogMessage {
  const raw = m.raw; // read once: it may be inflated from the compressed copy
  const end = dataEnd(raw);
  const top = content(raw, 0, end, null);
  return {
    ID: m.id,
    From: mailhogPath(m.envelope.mailFrom),
    To: m.envelope.rcptTo.map(mailhogPath),
    Content: top,
    Created: new Date(m.receivedAt).toISOString(),
    MIME: parts(raw, mimeTree(raw).root, top.Headers),
    Raw: { From: m.envelope.mailFrom.address, To: m.envelope.rcptTo.map((r) => r.address), Data: raw.toString("utf8", 0, end), Helo: m.envelope.helo },
  };
}

export function mailhogPage(start: number, items: StoredMessage[], total: number): MailHogMessages {
  return { total, count: items.length, start, items: items.map(mailhogMessage) };
}
