// Tags as Mailpit makes them: from an X-Tags header and from plus-addresses
// (user+tag@host, user+a+b@host) in From, To, Cc and Bcc, cleaned to the
// characters Mailpit allows, deduplicated without regard to case, sorted.
// Also the running count of messages per tag, so listing all tags is cheap.

import type { HeaderSummary, MailAddress } from "./header-summary.js";
import { emptyList } from "../empty-list.js";
import type { StoredMessage } from "./types.js";

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

/** Messages per tag, kept in step with every change of a message's tags. */
export class TagCounts {
  private readonly counts = new Map<string, number>();

  add(tags: readonly string[]): void {
    for (const t of tags) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
  }

  remove(tags: readonly string[]): void {
    for (const t of tags) {
      const n = (this.counts.get(t) ?? 0) - 1;
      if (n > 0) this.counts.set(t, n);
      else this.counts.delete(t);
    }
  }

  clear(): void {
    this.counts.clear();
  }

  /** Gives each message the tags `next` makes of its own, counts kept in step; returns the messages whose tags changed. */
  retag(messages: Iterable<StoredMessage | undefined>, next: (tags: string[]) => string[]): StoredMessage[] {
    const changed: StoredMessage[] = [];
    for (const m of messages) {
      if (m === undefined) continue;
      const tags = next(m.tags);
      if (tags.length === m.tags.length && tags.every((t, i) => t === m.tags[i])) continue;
      this.remove(m.tags);
      this.add(tags);
      m.tags = tags;
      changed.push(m);
    }
    return changed;
  }

  has(tag: string): boolean {
    return this.counts.has(tag);
  }

  /** Sorted by code point, as Mailpit lists them. */
  names(): string[] {
    return [...this.counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  entries(): Record<string, number> {
    return Object.fromEntries(this.names().map((t) => [t, this.counts.get(t) ?? 0]));
  }
}
