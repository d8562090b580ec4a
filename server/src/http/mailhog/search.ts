// MailHog's search kinds, answered by our search (Mailpit's syntax). MailHog
// matches a case-insensitive substring: `from` in the envelope sender or the
// From header, `to` in the envelope recipients or the To header, `containing`
// in the body or the headers. Our filters are substring matches too; the
// kinds map onto them as closely as they go:
//   from       -> from:"q" OR envelope-from:"q" (two searches, merged: the language has no OR)
//   to         -> addressed:"q" (To, Cc and every envelope recipient, so Bcc too)
//   containing -> "q" as a phrase (subject, addresses, message ID, decoded body, attachment names)

import type { MemoryStore, Page } from "../../store/memory-store.js";
import type { StoredMessage } from "../../store/types.js";

export type SearchKind = "from" | "to" | "containing";

/** Our queries for a kind, or null when the query has nothing searchable left. */
export function kindQueries(kind: SearchKind, query: string): string[] | null {
  // Inside a quoted value our syntax has no escape for a double quote: drop them (a word still matches).
  const value = query.replace(/"/g, "").replace(/\s+/g, " ").trim();
  if (value === "") return null;
  const quoted = `"${value}"`;
  switch (kind) {
    case "from":
      return [`from:${quoted}`, `envelope-from:${quoted}`];
    case "to":
      return [`addressed:${quoted}`];
    case "containing":
      return [quoted];
  }
}

export class SearchProblem extends Error {}

/** Newest first, paged; a message matching several queries counts once. */
export async function searchAny(store: MemoryStore, queries: readonly string[], start: number, limit: number): Promise<Page<StoredMessage>> {
  const [only] = queries;
  if (queries.length === 1 && only !== undefined) {
    const result = await store.searchWhenReady(only, start, limit);
    if (result.problems.length > 0) throw new SearchProblem(result.problems.join("; "));
    return { total: result.total, items: result.items };
  }
  const matched = new Map<string, StoredMessage>();
  for (const query of queries) {
    const result = await store.searchWhenReady(query, 0, Number.MAX_SAFE_INTEGER);
    if (result.problems.length > 0) throw new SearchProblem(result.problems.join("; "));
    for (const m of result.items) matched.set(m.id, m);
  }
  const all = [...matched.values()].sort((a, b) => b.serial - a.serial);
  return { total: all.length, items: all.slice(start, start + limit) };
}
