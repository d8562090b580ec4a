// The search language, parsed into terms: Mailpit's syntax (words, "phrases",
// field filters, is:, has:, before:, after:, negation with ! or -) plus ours
// (larger:, smaller:, envelope-from:, envelope-to:, header:Name=value). Pure:
// a string in, terms out, so it is table-tested on its own.

import { zonedTime } from "./time-zone.js";
import { fold } from "./fold.js";

export const TEXT_FIELDS = ["to", "from", "cc", "bcc", "reply-to", "addressed", "subject", "message-id", "envelope-from", "envelope-to"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type Term =
  | { kind: "text"; value: string }
  | { kind: "field"; field: TextField; value: string }
  | { kind: "tag"; value: string }
  | { kind: "is"; flag: "read" | "unread" | "tagged" }
  | { kind: "has"; what: "attachment" | "inline" }
  | { kind: "date"; op: "before" | "after"; time: number }
  | { kind: "size"; op: "larger" | "smaller"; bytes: number }
  | { kind: "header"; name: string; value: string | null };

export type QueryTerm = Term & { negate: boolean };

export interface ParsedQuery {
  terms: QueryTerm[];
  /** Filters whose value could not be read; they are left out of the search. */
  problems: string[];
}

/** Splits on whitespace outside double quotes; quotes are kept for the term parser. */
export function splitQuery(query: string): string[] {
  return query.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? [];
}

const unquote = (s: string): string => s.replace(/^"|"$/g, "").replace(/"/g, "");

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

export function parseSizeValue(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value);
  const unit = SIZE_UNITS[(m?.[2] ?? "").toLowerCase()];
  return m === null || unit === undefined ? null : Math.round(Number(m[1]) * unit);
}

/**
 * A bare date is the start of that day and "YYYY-MM-DD HH:MM" that minute, in
 * `timeZone` when given (Mailpit's tz), else in server-local time; anything
 * else Date.parse reads, offset included.
 */
export function parseDateValue(value: string, timeZone?: string): number | null {
  const local = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(value);
  if (local) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(local[i] ?? 0)) as [number, number, number, number, number];
    return timeZone === undefined ? new Date(y, mo - 1, d, h, mi).getTime() : zonedTime(y, mo, d, h, mi, timeZone);
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

function filterTerm(name: string, value: string, timeZone: string | undefined): Term | string | null {
  const folded = fold(value);
  if (folded === "" && name !== "header") return `${name}: needs a value`;
  if ((TEXT_FIELDS as readonly string[]).includes(name)) return { kind: "field", field: name as TextField, value: folded };
  switch (name) {
    case "tag":
      return { kind: "tag", value: folded };
    case "is":
      return folded === "read" || folded === "unread" || folded === "tagged" ? { kind: "is", flag: folded } : `is:${value} is not one of read, unread, tagged`;
    case "has":
      if (/^attachments?$/.test(folded)) return { kind: "has", what: "attachment" };
      return /^inlines?$/.test(folded) ? { kind: "has", what: "inline" } : `has:${value} is not attachment or inline`;
    case "before":
    case "after": {
      const time = parseDateValue(value, timeZone);
      return time === null ? `${name}:${value} is not a date` : { kind: "date", op: name, time };
    }
    case "larger":
    case "smaller": {
      const bytes = parseSizeValue(value);
      return bytes === null ? `${name}:${value} is not a size` : { kind: "size", op: name, bytes };
    }
    case "header": {
      const eq = value.indexOf("=");
      const header = (eq < 0 ? value : value.slice(0, eq)).trim().toLowerCase();
      if (header === "") return `header:${value} names no header`;
      return { kind: "header", name: header, value: eq < 0 ? null : fold(value.slice(eq + 1)) };
    }
    default:
      return null; // not a filter: the whole token is searched as text, as Mailpit does
  }
}

export function parseQuery(query: string, timeZone?: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const problems: string[] = [];
  for (const token of splitQuery(query)) {
    const negate = /^[!-]./.test(token);
    const body = negate ? token.slice(1) : token;
    const filter = /^([a-z-]+):(.*)$/is.exec(body);
    const term = filter ? filterTerm((filter[1] ?? "").toLowerCase(), unquote(filter[2] ?? ""), timeZone) : null;
    if (typeof term === "string") problems.push(term);
    else if (term !== null) terms.push({ ...term, negate });
    else {
      const value = fold(unquote(body)).replace(/\s+/g, " ").trim();
      if (value !== "") terms.push({ kind: "text", value, negate });
    }
  }
  return { terms, problems };
}
