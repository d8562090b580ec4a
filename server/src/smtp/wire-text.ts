// Turns raw bytes into transcript text: printable ASCII and valid UTF-8 stay
// as they are, everything else is escaped, so the transcript shows exactly
// what crossed the wire without letting control bytes reach a terminal or page.

const HEX = "0123456789ABCDEF";
const hex = (b: number): string => `\\x${HEX[b >> 4]}${HEX[b & 15]}`;

/** Length of a valid UTF-8 sequence starting at i, or 0 when it is not one. */
function utf8Length(buf: Uint8Array, i: number, end: number): number {
  const b = buf[i] ?? 0;
  let len: number;
  if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) len = 3;
  else if (b >= 0xf0 && b <= 0xf4) len = 4;
  else return 0;
  if (i + len > end) return 0;
  for (let k = 1; k < len; k++) {
    const c = buf[i + k] ?? 0;
    if ((c & 0xc0) !== 0x80) return 0;
  }
  const b1 = buf[i + 1] ?? 0;
  // Overlong encodings and surrogates are not valid UTF-8 (RFC 3629 section 4).
  if (b === 0xe0 && b1 < 0xa0) return 0;
  if (b === 0xed && b1 > 0x9f) return 0;
  if (b === 0xf0 && b1 < 0x90) return 0;
  if (b === 0xf4 && b1 > 0x8f) return 0;
  return len;
}

export function escapeWire(buf: Uint8Array, start = 0, end = buf.length): string {
  let out = "";
  let runStart = start;
  let i = start;
  const flush = (to: number): void => {
    if (to > runStart) out += Buffer.from(buf.buffer, buf.byteOffset + runStart, to - runStart).toString("utf8");
  };
  while (i < end) {
    const b = buf[i] ?? 0;
    if (b >= 0x20 && b < 0x7f && b !== 0x5c) {
      i++;
      continue;
    }
    if (b >= 0x80) {
      const len = utf8Length(buf, i, end);
      if (len > 0) {
        i += len;
        continue;
      }
    }
    flush(i);
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x09) out += "\\t";
    else out += hex(b);
    i++;
    runStart = i;
  }
  flush(end);
  return out;
}

/** What one pass over a command line found (bits of LineScan). */
export const LineScan = { escaped: 1, cr: 2, nul: 4, eightBit: 8 } as const;

/**
 * One pass over a command line instead of one per question: whether its text
 * needs escaping for the transcript, and whether it holds CR, NUL or 8-bit bytes.
 * Most lines are plain printable ASCII and then the decoded text is shown as is.
 */
export function scanLine(buf: Uint8Array, start = 0, end = buf.length): number {
  let flags = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b >= 0x20 && b < 0x7f && b !== 0x5c) continue;
    flags |= LineScan.escaped;
    if (b === 0x0d) flags |= LineScan.cr;
    else if (b === 0) flags |= LineScan.nul;
    else if (b >= 0x80) flags |= LineScan.eightBit;
  }
  return flags;
}
