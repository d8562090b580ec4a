// The MIME structure of the raw source, for the Parts tab: content types,
// names and sizes, nested. Only the structure is read; bodies stay encoded.
import { headerParam, parseHeaders, splitEntity } from "./headers.js";

export interface MimeNode {
  contentType: string;
  disposition: string;
  fileName: string;
  contentId: string;
  encoding: string;
  /** Size of the encoded body in characters. */
  size: number;
  children: MimeNode[];
}

const MAX_DEPTH = 12;
const MAX_PARTS = 500;

function header(fields: ReturnType<typeof parseHeaders>, name: string): string {
  return fields.find((f) => f.name.toLowerCase() === name)?.value ?? "";
}

function splitParts(body: string, boundary: string): string[] {
  const delim = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (line.startsWith(delim)) {
      if (current !== null) parts.push(current.join("\r\n"));
      if (line.startsWith(`${delim}--`)) return parts;
      current = [];
    } else if (current !== null) current.push(line);
  }
  if (current !== null) parts.push(current.join("\r\n"));
  return parts;
}

export function mimeTree(raw: string, depth = 0, budget = { parts: MAX_PARTS }): MimeNode {
  const { head, body } = splitEntity(raw);
  const fields = parseHeaders(head);
  const ctype = header(fields, "content-type");
  const disposition = header(fields, "content-disposition");
  const node: MimeNode = {
    contentType: (ctype.split(";")[0] ?? "").trim().toLowerCase() || "text/plain",
    disposition: (disposition.split(";")[0] ?? "").trim().toLowerCase(),
    fileName: headerParam(disposition, "filename") || headerParam(ctype, "name"),
    contentId: header(fields, "content-id").replace(/^<|>$/g, ""),
    encoding: header(fields, "content-transfer-encoding").toLowerCase(),
    size: body.length,
    children: [],
  };
  const boundary = headerParam(ctype, "boundary");
  if (node.contentType.startsWith("multipart/") && boundary !== "" && depth < MAX_DEPTH) {
    for (const part of splitParts(body, boundary)) {
      if (budget.parts-- <= 0) break;
      node.children.push(mimeTree(part, depth + 1, budget));
    }
  }
  return node;
}
