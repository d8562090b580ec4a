// Tags as Mailpit makes them: from an X-Tags header and from plus-addresses
// (user+tag@host, user+a+b@host) in From, To, Cc and Bcc, cleaned to the
// characters Mailpit allows, deduplicated without regard to case, sorted.
// The mailbox's counts and tag operations are in mailbox-tags.ts.

import type { HeaderSummary, MailAddress } from "./header-summary.js";
import { emptyList } from "../empty-list.js";

/** Mailpit's tag alphabet: letters, digits, space, dash, dot, underscore. */
const INVALID = /[^a-zA-Z0-9\-. _]/g;

/** "" when nothing valid is left. Other characters become spaces, as Mailpit does. */
export function cleanTag(raw: string): string {
  return raw.replace(INVALID, " ").replace(/\s+/g, " ").trim();
}

/** Cleaned, unique (the first spelling of a case-insensitive duplicate wins), sorted by code point. */
export function normalizeTags(raw: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const t of raw) {
    const tag = cleanTag(t);
    const key = tag.toLowerCase();
    if (tag !== "" && !seen.has(key)) seen.set(key, tag);
  }
  return [...seen.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The tags in a plus-address's local part: "a+b+c@x" gives b and c. */
export function plusTags(address: string): string[] {
  const at = address.lastIndexOf("@");
  const local = at < 0 ? address : address.slice(0, at);
  const plus = local.indexOf("+");
  return plus < 0 ? [] : local.slice(plus + 1).split("+");
}

const hasPlus = (list: readonly MailAddress[]): boolean => list.some((a) => a.address.includes("+"));

export function autoTags(summary: HeaderSummary, bcc: MailAddress[]): string[] {
  // Most mail has no tags at all: say so without building the lists (this runs for every message read).
  if (summary.tags.length === 0 && !(summary.from?.address.includes("+") ?? false) && !hasPlus(summary.to) && !hasPlus(summary.cc) && !hasPlus(bcc)) return emptyList();
  const addresses = [...(summary.from === null ? [] : [summary.from]), ...summary.to, ...summary.cc, ...bcc];
  return normalizeTags([...summary.tags, ...addresses.flatMap((a) => plusTags(a.address))]);
}
