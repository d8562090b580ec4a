// Headers straight from the raw source: in their order, with their folding
// (the raw form) and unfolded with RFC 2047 encoded words decoded.

export interface HeaderField {
  name: string;
  /** Exactly as received, continuation lines included. */
  raw: string;
  /** Unfolded and decoded for reading. */
  value: string;
}

/** The header block and the body, split at the first empty line. */
export function splitEntity(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  if (m === null) return { head: raw, body: "" };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase().replace(/\*.*$/, ""), { fatal: false }).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function base64Bytes(text: string): Uint8Array {
  const bin = atob(text.replace(/[^A-Za-z0-9+/]/g, ""));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function qBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "_") out.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(out);
}

const WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** RFC 2047: decode encoded words; whitespace between two adjacent encoded words is dropped. */
export function decodeWords(value: string): string {
  const joined = value.replace(/(\?=)\s+(?==\?)/g, "$1");
  return joined.replace(WORD, (whole, charset: string, enc: string, text: string) => {
    try {
      const bytes = enc.toUpperCase() === "B" ? base64Bytes(text) : qBytes(text);
      return decodeBytes(bytes, charset);
    } catch {
      return whole;
    }
  });
}

export function parseHeaders(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.raw += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    fields.push({ name: line.slice(0, colon).trim(), raw: line, value: "" });
  }
  for (const f of fields) {
    const unfolded = f.raw.slice(f.raw.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
    f.value = decodeWords(unfolded);
  }
  return fields;
}

/** A parameter of a structured header (boundary, name, filename), RFC 2231 forms included. */
export function headerParam(value: string, param: string): string {
  const ext = new RegExp(`(?:^|;)\\s*${param}\\*(?:0\\*)?=([^;]*)`, "i").exec(value);
  if (ext?.[1] !== undefined) {
    const m = /^([^']*)'[^']*'(.*)$/.exec(ext[1].trim().replace(/^"|"$/g, ""));
    if (m !== null) {
      try {
        return decodeURIComponent(m[2] ?? "");
      } catch {
        return m[2] ?? "";
      }
    }
  }
  const plain = new RegExp(`(?:^|;)\\s*${param}\\s*=\\s*("((?:[^"\\\\]|\\\\.)*)"|[^;\\s]*)`, "i").exec(value);
  if (plain === null) return "";
  return decodeWords(plain[2] !== undefined ? plain[2].replace(/\\(.)/g, "$1") : (plain[1] ?? ""));
}
