// A part's body as text: transfer decoding (RFC 2045 6.7, 6.8), then the
// declared charset through libmime (the decoder mailparser itself uses, so
// the list, search and the full parse agree on every legacy charset).

import { decode as decodeCharset } from "libmime/lib/charset.js";
import { htmlToText } from "./html-text.js";
import type { MimePart } from "./mime-tree.js";

const HEX = /^[0-9A-Fa-f]{2}$/;

/** Quoted-printable to bytes; malformed escapes are kept as they are, as most readers do. */
export function decodeQuotedPrintable(input: Buffer): Buffer {
  const out = Buffer.allocUnsafe(input.length);
  let n = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i] as number;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    const a = input[i + 1];
    if (a === 0x0a) i += 1; // soft line break, bare LF
    else if (a === 0x0d && input[i + 2] === 0x0a) i += 2; // soft line break
    else {
      const hex = input.toString("latin1", i + 1, i + 3);
      if (HEX.test(hex)) {
        out[n++] = parseInt(hex, 16);
        i += 2;
      } else out[n++] = c;
    }
  }
  return out.subarray(0, n);
}

/** The decoded bytes of a leaf part; `limit` caps the encoded bytes read (for snippets). */
export function partBytes(raw: Buffer, part: MimePart, limit = Infinity): Buffer {
  const end = Math.min(part.bodyEnd, part.bodyStart + limit);
  const body = raw.subarray(part.bodyStart, end);
  if (part.transferEncoding === "base64") return Buffer.from(body.toString("latin1"), "base64");
  if (part.transferEncoding === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

export function partText(raw: Buffer, part: MimePart, limit = Infinity): string {
  const text = decodeCharset(partBytes(raw, part, limit), part.charset || "utf-8");
  return part.contentType === "text/html" ? htmlToText(text) : text;
}
