// Header edits on a raw message before it is released: remove fields (with
// their folded lines) and set fields, leaving every other byte as it was.

import { splitHead } from "../store/header-summary.js";

/** Header lines, each with its continuation lines, as latin1 text (bytes kept one to one). */
function fields(head: string): string[] {
  const out: string[] = [];
  for (const line of head.split(/(?<=\n)/)) {
    const last = out.length - 1;
    if (/^[ \t]/.test(line) && last >= 0) out[last] += line;
    else out.push(line);
  }
  return out;
}

const nameOf = (field: string): string => field.slice(0, Math.max(0, field.indexOf(":"))).trim().toLowerCase();

/** Drops every field named in `remove`, then puts `set` (name -> value) first, in order. */
export function rewriteHeaders(raw: Buffer, remove: string[], set: Array<[string, string]>): Buffer {
  const { headEnd } = splitHead(raw);
  const drop = new Set([...remove, ...set.map(([n]) => n)].map((n) => n.toLowerCase()));
  const kept = fields(raw.toString("latin1", 0, headEnd)).filter((f) => !drop.has(nameOf(f)));
  const added = set.map(([name, value]) => `${name}: ${value.replace(/[\r\n]+/g, " ")}\r\n`);
  return Buffer.concat([Buffer.from([...added, ...kept].join(""), "latin1"), raw.subarray(headEnd)]);
}
