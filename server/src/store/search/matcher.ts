// Does a message match a parsed query? Every term must hold (negated ones
// must not). The costly facts (body digest, header fields, free text) come
// from a context the store provides, so this stays a pure function of its inputs.

import type { BodyDigest, StoredMessage } from "../types.js";
import { fieldText } from "./fields.js";
import type { QueryTerm, Term } from "./query.js";

export interface MatchContext {
  digest(m: StoredMessage): BodyDigest;
  /** The folded values of header field `name` (lower case), every occurrence. */
  header(m: StoredMessage, name: string): string[];
  /** Free text: the folded word or phrase appears in the headers, body or attachment names. */
  text(m: StoredMessage, value: string): boolean;
}

function holds(m: StoredMessage, term: Term, ctx: MatchContext): boolean {
  switch (term.kind) {
    case "text":
      return ctx.text(m, term.value);
    case "field":
      return fieldText(m, term.field).includes(term.value);
    case "tag":
      return m.tags.some((t) => t.toLowerCase() === term.value);
    case "is":
      return term.flag === "read" ? m.read : term.flag === "unread" ? !m.read : m.tags.length > 0;
    case "has":
      return term.what === "attachment" ? ctx.digest(m).attachments > 0 : ctx.digest(m).inline > 0;
    case "date":
      return term.op === "before" ? m.receivedAt < term.time : m.receivedAt >= term.time;
    case "size":
      return term.op === "larger" ? m.size > term.bytes : m.size < term.bytes;
    case "header": {
      const values = ctx.header(m, term.name);
      const wanted = term.value;
      return wanted === null ? values.length > 0 : values.some((v) => v.includes(wanted));
    }
  }
}

/** Cheap terms first, so the costly ones run on fewer messages. */
const COST: Record<Term["kind"], number> = { is: 0, tag: 0, date: 0, size: 0, field: 1, text: 2, has: 3, header: 4 };

export function orderTerms(terms: QueryTerm[]): QueryTerm[] {
  return [...terms].sort((a, b) => COST[a.kind] - COST[b.kind]);
}

export function matches(m: StoredMessage, terms: QueryTerm[], ctx: MatchContext): boolean {
  for (const term of terms) if (holds(m, term, ctx) === term.negate) return false;
  return true;
}
