// Runs a query over the store's messages, newest first: parses it, brings the
// free-text index up to date when the query has free text, and pages the
// matches while counting all of them.

import { setImmediate as turn } from "node:timers/promises";
import { decodeHeaderBytes, decodeWords, fieldValues } from "../header-summary.js";
import { collapseSpace, searchableBody } from "../mime/body-digest.js";
import type { BodyDigest, StoredMessage } from "../types.js";
import { headerText } from "./fields.js";
import { fold, tokens } from "./fold.js";
import { matches, orderTerms, type MatchContext } from "./matcher.js";
import { parseQuery, type QueryTerm } from "./query.js";
import { TextIndex, type SerialSet } from "./text-index.js";

export interface SearchSource {
  /** Newest first; with `below`, only messages with a lower serial. */
  newestFirst(below?: number): Iterable<StoredMessage>;
  /** The messages with a serial above `serial`, oldest first. */
  after(serial: number): Iterable<StoredMessage>;
  readonly size: number;
  digest(m: StoredMessage): BodyDigest;
}

export interface SearchResult {
  /** Every match, not only this page. */
  total: number;
  unread: number;
  items: StoredMessage[];
  problems: string[];
}

/** Everything a free-text word is matched against, folded and with whitespace collapsed. */
export function searchDocument(m: StoredMessage): string {
  return collapseSpace(fold(`${headerText(m)}\n${searchableBody(m.raw)}`));
}

/**
 * The index stops growing past this: with the default --max-bytes, a mailbox
 * of very varied text would otherwise take the process past 2 GiB. Messages
 * beyond its reach are still found, by reading their text (slowly: about a
 * second per 20,000 messages). Ordinary text mail costs the index about 3 KB
 * per 12 KB message, so 100,000 such messages fit; with the default limits
 * (768 MiB of mail) the index stays near 200 MB and the process near 1.2 GB.
 */
export const INDEX_BUDGET_BYTES = 384 * 1024 * 1024;

/** Longest stretch of a search in slices before the event loop gets a turn. */
const SCAN_SLICE_MS = 10;

interface Scan {
  terms: QueryTerm[];
  ctx: MatchContext;
  start: number;
  limit: number;
  result: SearchResult;
}

export class Searcher {
  private readonly index = new TextIndex();

  constructor(
    private readonly source: SearchSource,
    private readonly indexBudget = INDEX_BUDGET_BYTES,
    /** Called when a query with free text runs: someone uses the index. */
    private readonly onFreeText: () => void = () => {},
  ) {}

  /** Messages the free-text index has read. */
  get indexed(): number {
    return this.index.size;
  }

  /** Forget the index (cleared store); it is rebuilt on the next free-text search. */
  reset(): void {
    this.index.reset();
  }

  /**
   * The query as a test of one message, for checking messages as they arrive
   * (the wait endpoint) without searching the whole mailbox each time.
   */
  predicate(query: string, timeZone?: string): { problems: string[]; test: (m: StoredMessage) => boolean } {
    const parsed = parseQuery(query, timeZone);
    const terms = orderTerms(parsed.terms);
    const ctx = this.context(terms.some((t) => t.kind === "text"));
    return { problems: parsed.problems, test: (m) => matches(m, terms, ctx) };
  }

  /** Whether `query` has free text, and so needs the index before it can run fast. */
  needsIndex(query: string): boolean {
    return parseQuery(query).terms.some((t) => t.kind === "text");
  }

  search(query: string, start: number, limit: number, timeZone?: string): SearchResult {
    const run = this.begin(query, start, limit, timeZone);
    this.scan(run, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    return run.result;
  }

  /**
   * search(), with the event loop running every SCAN_SLICE_MS: a query that
   * must read every message (header: at 100,000 messages takes seconds) holds
   * up no SMTP session or other request. The messages are those present when
   * it starts; one removed meanwhile may still be counted.
   */
  async searchInSlices(query: string, start: number, limit: number, timeZone?: string): Promise<SearchResult> {
    const run = this.begin(query, start, limit, timeZone);
    let below: number | null = Number.POSITIVE_INFINITY;
    for (;;) {
      below = this.scan(run, below, performance.now() + SCAN_SLICE_MS);
      if (below === null) return run.result;
      await turn();
    }
  }

  private begin(query: string, start: number, limit: number, timeZone?: string): Scan {
    const parsed = parseQuery(query, timeZone);
    const terms = orderTerms(parsed.terms);
    const ctx = this.context(terms.some((t) => t.kind === "text"));
    return { terms, ctx, start, limit, result: { total: 0, unread: 0, items: [], problems: parsed.problems } };
  }

  /** Matches messages below serial `below`, newest first; returns where to go on when `deadline` passed, or null when done. */
  private scan(run: Scan, below: number, deadline: number): number | null {
    const { terms, ctx, start, limit, result } = run;
    let seen = 0;
    for (const m of this.source.newestFirst(below)) {
      // The clock is read every 64 messages: a cheap query reads 100,000 in a few milliseconds.
      if ((++seen & 63) === 0 && performance.now() > deadline) return m.serial + 1;
      if (!matches(m, terms, ctx)) continue;
      if (result.total >= start && result.items.length < limit) result.items.push(m);
      result.total++;
      if (!m.read) result.unread++;
    }
    return null;
  }

  private context(freeText: boolean): MatchContext {
    if (freeText) {
      this.onFreeText();
      this.refreshIndex();
    }
    const sets = new Map<string, SerialSet>();
    return {
      digest: (m) => this.source.digest(m),
      header: (m, name) => fieldValues(decodeHeaderBytes(m.head), name).map((v) => fold(decodeWords(v))),
      text: (m, value) => {
        if (!this.index.covers(m.serial)) return searchDocument(m).includes(value); // past the index's budget
        let set = sets.get(value);
        if (set === undefined) sets.set(value, (set = this.index.candidates(value)));
        if (!set.has(m.serial)) return false;
        const words = tokens(value);
        // One token, nothing around it: the index's answer is exact. Otherwise read the text.
        return (words.length === 1 && words[0] === value) || searchDocument(m).includes(value);
      },
    };
  }

  private refreshIndex(): void {
    this.indexFor(Number.POSITIVE_INFINITY);
  }

  /**
   * Indexes not-yet-indexed messages up to serial `upTo`, oldest first, for
   * at most `budgetMs`; returns whether any are left. The store calls this in
   * quiet moments so the first free-text search over a big mailbox does not
   * pay for all of it, and in slices before such a search.
   */
  indexFor(budgetMs: number, upTo = Number.POSITIVE_INFINITY): boolean {
    // Deleted messages stay in the postings; once they are most of it, start afresh.
    if (this.index.size > 2 * this.source.size + 1000) this.index.reset();
    // Only messages newer than the index need reading, oldest first.
    const deadline = performance.now() + budgetMs;
    let sliceOver = false;
    for (const m of this.source.after(this.index.coveredUpTo)) {
      if (m.serial > upTo) return false;
      // Out of time, with this message still to do.
      if (sliceOver) return true;
      if (this.index.estimatedBytes > this.indexBudget) return false; // full: newer messages are read at search time
      this.index.update([{ serial: m.serial, text: () => `${headerText(m)}\n${searchableBody(m.raw)}` }]);
      sliceOver = performance.now() > deadline;
    }
    return false;
  }
}
