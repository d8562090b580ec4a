// The full parse, on first need: mailparser's reading of text, HTML, headers
// and attachments, with our MIME tree beside it. A message mailparser cannot
// read still gets a view: the error, the headers we could read, the tree.

import { createHash } from "node:crypto";
import type { Attachment } from "mailparser";
import { headerBlock, headerList, type HeaderSummary } from "./header-summary.js";
import { mimeTree, type MimePart } from "./mime/mime-tree.js";

export interface ParsedPart {
  partId: string;
  filename: string;
  contentType: string;
  contentId: string;
  disposition: string;
  size: number;
  checksums: { md5: string; sha1: string; sha256: string };
  content: Buffer;
}

export interface ParsedView {
  /** Header fields in the order they appear, values as written (unfolded). */
  headers: Array<{ name: string; value: string }>;
  summary: HeaderSummary;
  text: string;
  html: string;
  attachments: ParsedPart[];
  /** Parts referenced from the HTML by Content-ID (cid:). */
  inline: ParsedPart[];
  mime: MimePart;
  /** Why mailparser could not read the message, or "". */
  error: string;
  /** What the MIME walk could not read as declared. */
  problems: string[];
}

function toPart(a: Attachment): ParsedPart {
  const digest = (algo: string): string => createHash(algo).update(a.content).digest("hex");
  return {
    partId: a.partId ?? "",
    filename: a.filename ?? "",
    contentType: a.contentType,
    contentId: a.cid ?? "",
    disposition: a.contentDisposition ?? "",
    size: a.size,
    checksums: { md5: a.checksum, sha1: digest("sha1"), sha256: digest("sha256") },
    content: a.content,
  };
}

/** Inline means referenced by Content-ID from an HTML body (mailparser's `related`), as Mailpit counts them. */
const isInline = (a: Attachment): boolean => a.related === true || (a.contentDisposition === "inline" && a.cid !== undefined);

export async function parseMessage(raw: Buffer, summary: HeaderSummary): Promise<ParsedView> {
  const tree = mimeTree(raw);
  const base = { headers: headerList(headerBlock(raw)), summary, mime: tree.root, problems: tree.problems };
  try {
    // Imported on the first full parse: mailparser and what it pulls in weigh tens of MB a server that only ingests never needs.
    const { simpleParser } = await import("mailparser");
    const mail = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });
    return {
      ...base,
      text: mail.text ?? "",
      html: typeof mail.html === "string" ? mail.html : "",
      attachments: mail.attachments.filter((a) => !isInline(a)).map(toPart),
      inline: mail.attachments.filter(isInline).map(toPart),
      error: "",
    };
  } catch (err) {
    return { ...base, text: "", html: "", attachments: [], inline: [], error: err instanceof Error ? err.message : String(err) };
  }
}

/** Bytes a view holds, for the cache budget: attachment content dominates, text counts twice (UTF-16 worst case). */
export function viewBytes(view: ParsedView): number {
  let n = 2 * (view.text.length + view.html.length) + 1024;
  for (const p of [...view.attachments, ...view.inline]) n += p.content.length + 256;
  for (const h of view.headers) n += 2 * (h.name.length + h.value.length);
  return n;
}
