// A light MIME walker over the raw bytes: the part tree with byte ranges,
// types, names and roles, and no decoding. It answers the list's questions
// (snippet, attachment count) and feeds search without the cost of a full
// parse, and it is the MIME tree view. Limits keep hostile nesting cheap.

import libmime from "libmime";
import { decodeHeaderBytes, decodeWords, parseHeaderFields, splitHead } from "../header-summary.js";

/** body: text shown as the message; inline: referenced from the HTML (cid:); container: multipart or embedded message. */
export type PartRole = "container" | "body" | "attachment" | "inline";

export interface MimePart {
  /** "" for the root, then "1", "1.2", ... by position under each container. */
  partId: string;
  contentType: string;
  charset: string;
  transferEncoding: string;
  disposition: string;
  filename: string;
  contentId: string;
  role: PartRole;
  /** The encoded body's byte range in the raw message. */
  bodyStart: number;
  bodyEnd: number;
  children: MimePart[];
}

export interface MimeTree {
  root: MimePart;
  /** What could not be read as declared (broken boundary, too deep, ...); empty when all is well. */
  problems: string[];
}

const MAX_DEPTH = 30;
const MAX_PARTS = 1000;

interface Walk {
  raw: Buffer;
  problems: string[];
  parts: number;
}

export function mimeTree(raw: Buffer): MimeTree {
  const walk: Walk = { raw, problems: [], parts: 0 };
  const root = readPart(walk, 0, raw.length, "", 0, "");
  return { root, problems: walk.problems };
}

interface PartHead {
  contentType: string;
  params: Record<string, string>;
  disposition: string;
  dispositionParams: Record<string, string>;
  transferEncoding: string;
  contentId: string;
}

function readHead(raw: Buffer, start: number, headEnd: number, parentType: string): PartHead {
  const fields = parseHeaderFields(decodeHeaderBytes(raw.subarray(start, headEnd)));
  const first = (name: string): string => fields.get(name)?.[0] ?? "";
  const defaultType = parentType === "multipart/digest" ? "message/rfc822" : "text/plain";
  const ct = libmime.parseHeaderValue(first("content-type") || defaultType);
  const cd = libmime.parseHeaderValue(first("content-disposition"));
  return {
    contentType: (ct.value || defaultType).toLowerCase(),
    params: ct.params,
    disposition: cd.value.toLowerCase(),
    dispositionParams: cd.params,
    transferEncoding: first("content-transfer-encoding").toLowerCase(),
    contentId: first("content-id").replace(/^<|>$/g, ""),
  };
}

function roleOf(head: PartHead, filename: string, parentType: string): PartRole {
  const type = head.contentType;
  if (type.startsWith("multipart/")) return "container";
  if (type === "message/rfc822" && head.disposition !== "attachment") return "container";
  if (head.disposition === "attachment") return "attachment";
  if ((type === "text/plain" || type === "text/html") && filename === "") return "body";
  if (head.contentId !== "" && (parentType === "multipart/related" || head.disposition === "inline")) return "inline";
  if (head.disposition === "inline" && type.startsWith("image/")) return "inline";
  return "attachment";
}

function readPart(walk: Walk, start: number, end: number, partId: string, depth: number, parentType: string): MimePart {
  walk.parts++;
  const { headEnd, bodyStart } = splitHead(walk.raw, start, end);
  const head = readHead(walk.raw, start, headEnd, parentType);
  const filename = decodeWords(head.dispositionParams["filename"] ?? head.params["name"] ?? "");
  const part: MimePart = {
    partId,
    contentType: head.contentType,
    charset: head.params["charset"] ?? "",
    transferEncoding: head.transferEncoding,
    disposition: head.disposition,
    filename,
    contentId: head.contentId,
    role: roleOf(head, filename, parentType),
    bodyStart: Math.min(bodyStart, end),
    bodyEnd: end,
    children: [],
  };
  if (part.role === "container") readChildren(walk, part, head.params["boundary"] ?? "", depth);
  return part;
}

function childId(parent: string, index: number): string {
  return parent === "" ? String(index) : `${parent}.${index}`;
}

function readChildren(walk: Walk, part: MimePart, boundary: string, depth: number): void {
  if (depth >= MAX_DEPTH) return demote(walk, part, `parts nested deeper than ${MAX_DEPTH} levels are not read`);
  if (part.contentType === "message/rfc822") {
    part.children.push(readPart(walk, part.bodyStart, part.bodyEnd, childId(part.partId, 1), depth + 1, part.contentType));
    return;
  }
  if (boundary === "") return demote(walk, part, `${part.contentType} without a boundary`);
  const split = splitMultipart(walk.raw, part.bodyStart, part.bodyEnd, boundary);
  if (split.ranges.length === 0) return demote(walk, part, `boundary "${boundary}" not found in ${part.contentType}`);
  if (!split.closed) walk.problems.push(`closing boundary "${boundary}--" missing`);
  for (const [i, [from, to]] of split.ranges.entries()) {
    if (walk.parts >= MAX_PARTS) {
      walk.problems.push(`more than ${MAX_PARTS} parts; the rest are not read`);
      return;
    }
    part.children.push(readPart(walk, from, to, childId(part.partId, i + 1), depth + 1, part.contentType));
  }
}

/** A container we cannot open is shown as text, so its bytes are still visible and searchable. */
function demote(walk: Walk, part: MimePart, problem: string): void {
  walk.problems.push(problem);
  part.role = "body";
  part.contentType = "text/plain";
}

/** Byte ranges of the parts between `--boundary` lines (RFC 2046 5.1.1); the CRLF before a delimiter belongs to it. */
export function splitMultipart(raw: Buffer, start: number, end: number, boundary: string): { ranges: Array<[number, number]>; closed: boolean } {
  const body = raw.subarray(start, end);
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const ranges: Array<[number, number]> = [];
  let partStart = -1;
  for (let at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, at + 1)) {
    if (at > 0 && body[at - 1] !== 0x0a) continue;
    const after = at + delimiter.length;
    const closing = body[after] === 0x2d && body[after + 1] === 0x2d;
    const lineEnd = body.indexOf(0x0a, after);
    const rest = body.toString("latin1", closing ? after + 2 : after, lineEnd < 0 ? body.length : lineEnd);
    if (rest.trim() !== "") continue; // a longer boundary that merely starts with ours
    if (partStart >= 0) ranges.push([start + partStart, start + Math.max(partStart, lineBreakBefore(body, at))]);
    if (closing) return { ranges, closed: true };
    partStart = lineEnd < 0 ? body.length : lineEnd + 1;
  }
  if (partStart >= 0) ranges.push([start + partStart, end]);
  return { ranges, closed: false };
}

function lineBreakBefore(body: Buffer, at: number): number {
  if (at === 0) return 0;
  return body[at - 2] === 0x0d ? at - 2 : at - 1;
}

/** Every part, depth first. */
export function* allParts(part: MimePart): Generator<MimePart> {
  yield part;
  for (const child of part.children) yield* allParts(child);
}
