// The in-memory store, and the hub of the process: every change, whoever
// asks for it, emits exactly one StoreEvent; the feed, waiters and the HTTP
// layer subscribe here and never to the SMTP engine. Ingest reads nothing of
// the message: its header summary is read when something first asks for it
// (or in a quiet moment), its body when something asks about that.

import type { TranscriptEntry, TranscriptSpan } from "@mailscope/shared";
import { newId } from "../ids.js";
import { BackgroundIndexer } from "./background-index.js";
import { ByteLru } from "./byte-lru.js";
import { MailboxTags } from "./mailbox-tags.js";
import { MessageLog } from "./message-log.js";
import { MessageRecord, type RecordOwner } from "./message-record.js";
import { Packer } from "./packer.js";
import { digestOf } from "./mime/body-digest.js";
import { parseMessage, viewBytes, type ParsedView } from "./parsed-view.js";
import { Searcher, type SearchResult } from "./search/searcher.js";
import { SessionLog, type NewSession, type SessionPatch } from "./session-log.js";
import { SummaryFiller } from "./summary-filler.js";
import type { BodyDigest, PruneReason, StoreEvent, StoreListener, StoredEnvelope, StoredMessage, StoredSession } from "./types.js";

export type { NewSession } from "./session-log.js";
export type { SearchResult } from "./search/searcher.js";

export interface NewMessage {
  sessionId: string;
  envelope: StoredEnvelope;
  raw: Buffer;
  receivedAt: Date;
  span: TranscriptSpan;
}

export interface StoreLimits {
  maxMessages: number;
  maxSessions: number;
  /** Raw bytes of all messages kept; default: no byte bound. */
  maxBytes?: number;
  /** Messages older than this go at the next sweepExpired(); default 0: kept however old. */
  maxAgeMs?: number;
  /** Memory for cached full parses (LRU by bytes). */
  parseCacheBytes?: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export class MemoryStore {
  private readonly log = new MessageLog();
  // Arrays, replaced on (un)subscribe, so an indexed loop allocates nothing. Transcript lines
  // (a dozen per message) go only to listeners that asked for them: usually nobody is watching.
  private listeners: readonly StoreListener[] = [];
  private entryListeners: readonly StoreListener[] = [];
  private readonly sessionLog: SessionLog;
  private readonly parsedCache: ByteLru<string, ParsedView>;
  private readonly parsing = new Map<string, Promise<ParsedView>>();
  private readonly searcher: Searcher;
  private readonly tags: MailboxTags;
  private readonly packer: Packer;
  private readonly indexer: BackgroundIndexer;
  private readonly summaries: SummaryFiller;
  /** What each message record is given: the packer, and the tags to join once its summary is read. */
  private readonly owner: RecordOwner;
  private lastSerial = 0;
  /** performance.now() of the latest delivery: the background index and the collections after a burst wait for quiet. */
  private lastDelivery = 0;
  /** Messages dropped by pruning since start, so the API and UI can say it happened. */
  prunedMessages = 0;

  constructor(private readonly limits: StoreLimits) {
    this.sessionLog = new SessionLog(limits.maxSessions, (e) => this.emit(e), () => this.entryListeners.length > 0);
    this.parsedCache = new ByteLru(limits.parseCacheBytes ?? 64 * 1024 * 1024);
    this.packer = new Packer(
      (serial, packed) => {
        const m = this.log.bySerial(serial);
        if (m instanceof MessageRecord) m.pack(packed);
      },
      () => this.lastDelivery,
    );
    const log = this.log;
    // The first free-text search is the sign that the index is wanted from then on.
    this.searcher = new Searcher(
      { newestFirst: (below) => log.newestFirst(below), after: (serial) => log.after(serial), digest: (m) => this.digest(m), get size() { return log.size; } },
      undefined,
      () => this.wantIndex(),
    );
    this.indexer = new BackgroundIndexer(this.searcher, () => this.lastDelivery);
    this.summaries = new SummaryFiller((serial) => log.after(serial), () => this.lastDelivery);
    this.tags = new MailboxTags(
      () => log.newestFirst(),
      () => this.summaries.fillAll(),
      (messages) => this.emit({ type: "messages-updated", messages }),
    );
    this.owner = { packer: this.packer, summarized: (m) => this.tags.counted(m) };
  }

  /** Every event but transcript lines; `{ entries: true }` adds those (session-entry). */
  subscribe(listener: StoreListener, options: { entries?: boolean } = {}): () => void {
    this.listeners = [...this.listeners, listener];
    if (options.entries === true) this.entryListeners = [...this.entryListeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
      this.entryListeners = this.entryListeners.filter((l) => l !== listener);
    };
  }

  private emit(event: StoreEvent): void {
    // A listener that unsubscribes mid-emit does not disturb this loop.
    const listeners = event.type === "session-entry" ? this.entryListeners : this.listeners;
    for (let i = 0; i < listeners.length; i++) (listeners[i] as StoreListener)(event);
  }

  // ---- messages ----

  deliver(input: NewMessage): string {
    const message = new MessageRecord(
      {
        id: newId(),
        serial: ++this.lastSerial,
        sessionId: input.sessionId,
        span: input.span,
        envelope: input.envelope,
        raw: input.raw,
        receivedAt: input.receivedAt,
      },
      this.owner,
    );
    this.lastDelivery = performance.now();
    this.log.add(message);
    this.packer.add(message.serial, input.raw);
    this.summaries.delivered();
    this.indexer.delivered();
    this.sessionLog.delivered(input.sessionId, message.id);
    this.emit({ type: "message-created", message });
    this.pruneToBounds();
    return message.id;
  }

  /** Keeps the free-text index ready in the background from now on: the feed calls this when a browser connects. */
  wantIndex(): void {
    this.indexer.want();
  }

  /** Messages the free-text index has read so far (it catches up in quiet moments). */
  get indexedMessages(): number {
    return this.searcher.indexed;
  }

  getMessage(id: string): StoredMessage | undefined {
    return this.log.get(id);
  }

  /** Newest first. */
  listMessages(start: number, limit: number): Page<StoredMessage> {
    const items: StoredMessage[] = [];
    let skipped = 0;
    for (const m of this.log.newestFirst()) {
      if (items.length >= limit) break;
      if (skipped++ >= start) items.push(m);
    }
    return { total: this.log.size, items };
  }

  /** The query as a test of one message; see Searcher.predicate. */
  predicate(query: string, timeZone?: string): { problems: string[]; test: (m: StoredMessage) => boolean } {
    return this.searcher.predicate(query, timeZone);
  }

  /**
   * Before a search with free text: brings the index up to date in slices,
   * with the event loop running between them (see BackgroundIndexer.catchUp);
   * built in one go it held up every SMTP session and request for a minute at
   * 100,000 messages. Everything else a search reads (bodies for has:, header
   * blocks, folded fields) it reads in its own slices.
   */
  async prepareSearch(query: string): Promise<void> {
    if (query.trim() !== "" && this.searcher.needsIndex(query)) await this.indexer.catchUp(this.lastSerial);
  }

  /** Newest first, paged, with the count of every match; see search/query.ts for the syntax. */
  search(query: string, start: number, limit: number, timeZone?: string): SearchResult {
    return this.searcher.search(query, start, limit, timeZone);
  }

  /**
   * search() with the event loop running between slices (see
   * Searcher.searchInSlices). It counts the messages present when it is
   * called: the first slice runs before it returns.
   */
  searchInSlices(query: string, start: number, limit: number, timeZone?: string): Promise<SearchResult> {
    return this.searcher.searchInSlices(query, start, limit, timeZone);
  }

  /** searchInSlices() after prepareSearch(): what every API search uses, so none holds up the server. */
  async searchWhenReady(query: string, start: number, limit: number, timeZone?: string): Promise<SearchResult> {
    await this.prepareSearch(query);
    return this.searchInSlices(query, start, limit, timeZone);
  }

  get messageCount(): number {
    return this.log.size;
  }

  get unreadCount(): number {
    return this.log.unread;
  }

  /** Resolves once every message stored so far is held in its final form (compressed, summary read); for tests and benchmarks. */
  async settled(): Promise<void> {
    await this.packer.settled();
    this.summaries.fillAll();
  }

  /**
   * Reads every summary not yet read, with the event loop running between
   * slices: an API request that needs all of them (the tag list, which every
   * listing carries) awaits this first, so a backlog left by a burst does not
   * hold up SMTP sessions and other requests.
   */
  summariesReady(): Promise<void> {
    return this.summaries.catchUp();
  }

  /** Raw bytes of every message kept. */
  get messageBytes(): number {
    return this.log.bytes;
  }

  /** Snippet and attachment counts: read from the body on first need, then kept. */
  digest(m: StoredMessage): BodyDigest {
    m.digest ??= digestOf(m.raw);
    return m.digest;
  }

  /** The full parse, cached within the parse budget; concurrent asks share one parse. */
  async parsed(id: string): Promise<ParsedView | undefined> {
    const message = this.log.get(id);
    if (message === undefined) return undefined;
    const cached = this.parsedCache.get(id);
    if (cached !== undefined) return cached;
    let pending = this.parsing.get(id);
    if (pending === undefined) {
      pending = parseMessage(message.raw, message.summary).finally(() => this.parsing.delete(id));
      this.parsing.set(id, pending);
      const view = await pending;
      if (this.log.get(id) !== undefined) this.parsedCache.set(id, view, viewBytes(view));
      return view;
    }
    return pending;
  }

  /** Bytes the parse cache holds now. */
  get parsedCacheBytes(): number {
    return this.parsedCache.bytes;
  }

  setRead(ids: string[], read: boolean): StoredMessage[] {
    const changed: StoredMessage[] = [];
    for (const id of ids) {
      const m = this.log.get(id);
      if (m !== undefined && this.log.setRead(m, read)) changed.push(m);
    }
    if (changed.length > 0) this.emit({ type: "messages-updated", messages: changed });
    return changed;
  }

  deleteMessages(ids: string[]): string[] {
    const bytesBefore = this.log.bytes;
    const deleted = ids.filter((id) => this.forget(id));
    this.packer.released(bytesBefore - this.log.bytes);
    if (deleted.length > 0) this.emit({ type: "messages-deleted", ids: deleted });
    return deleted;
  }

  clearMessages(): void {
    const count = this.log.size;
    this.packer.released(this.log.bytes);
    this.log.clear();
    this.tags.clear();
    this.parsedCache.clear();
    this.packer.clear();
    this.searcher.reset();
    this.emit({ type: "messages-cleared", count });
  }

  /** Drops messages older than --max-age; app.ts calls it on a timer, tests with their own clock. */
  sweepExpired(now: Date = new Date()): string[] {
    const maxAge = this.limits.maxAgeMs ?? 0;
    if (maxAge <= 0) return [];
    const cutoff = now.getTime() - maxAge;
    return this.prune("age", (oldest) => oldest.receivedAt < cutoff);
  }

  private forget(id: string): boolean {
    this.parsedCache.delete(id);
    const removed = this.log.remove(id);
    if (removed !== undefined) {
      this.tags.forgotten(removed);
      this.packer.forget(removed.serial);
    }
    return removed !== undefined;
  }

  private pruneToBounds(): void {
    const maxBytes = this.limits.maxBytes ?? Infinity;
    // The newest message always stays, even alone over the byte bound: it is what the user is waiting for.
    const overCount = (): boolean => this.log.size > this.limits.maxMessages;
    const overBytes = (): boolean => this.log.size > 1 && this.log.bytes > maxBytes;
    const reason: PruneReason = overCount() ? "count" : "bytes";
    this.prune(reason, () => overCount() || overBytes());
  }

  /** Removes oldest messages while `more` says so; one event for all of them. */
  private prune(reason: PruneReason, more: (oldest: StoredMessage) => boolean): string[] {
    const ids: string[] = [];
    for (let m = this.log.oldest(); m !== undefined && more(m); m = this.log.oldest()) {
      this.forget(m.id);
      ids.push(m.id);
    }
    if (ids.length === 0) return ids;
    this.prunedMessages += ids.length;
    this.emit({ type: "messages-pruned", ids, reason });
    return ids;
  }

  // ---- tags (Mailpit's rules: tags.ts; counts and changes: mailbox-tags.ts) ----

  /** Every tag in use, sorted. */
  allTags(): string[] {
    return this.tags.names();
  }

  /** Messages per tag. */
  tagTotals(): Record<string, number> {
    return this.tags.totals();
  }

  /** Replaces the tags of each listed message (unknown IDs are skipped); returns the cleaned tags set. */
  setTags(ids: string[], tags: string[]): string[] {
    return this.tags.set(ids.map((id) => this.log.get(id)), tags);
  }

  /** False when no message has the tag or the new name has nothing valid left; a rename onto an existing tag merges them. */
  renameTag(from: string, to: string): boolean {
    return this.tags.rename(from, to);
  }

  /** Removes the tag from every message; false when no message had it. */
  deleteTag(tag: string): boolean {
    return this.tags.delete(tag);
  }

  // ---- sessions (the engine's SessionObserver) ----

  opened(info: NewSession): void {
    this.sessionLog.opened(info);
  }

  entry(sessionId: string, entry: TranscriptEntry): void {
    this.sessionLog.entry(sessionId, entry);
  }

  updated(sessionId: string, patch: SessionPatch): void {
    this.sessionLog.updated(sessionId, patch);
  }

  closed(sessionId: string, info: { endedAt: Date; reason: StoredSession["closeReason"] & string; error: string }): void {
    this.sessionLog.closed(sessionId, info);
  }

  getSession(id: string): StoredSession | undefined {
    return this.sessionLog.get(id);
  }

  /** Newest first, optionally only those passing a filter (see session-filter.ts). */
  listSessions(start: number, limit: number, filter: ((s: StoredSession) => boolean) | null = null): Page<StoredSession> {
    return this.sessionLog.list(start, limit, filter);
  }

  /** Messages refused at the end of their data since start (size, fault rules, sink errors, a client gone mid-data). */
  get refusedMessages(): number {
    return this.sessionLog.refusedMessages;
  }

  get prunedSessions(): number {
    return this.sessionLog.pruned;
  }

  /** Removes closed sessions; open ones keep recording. */
  clearSessions(): void {
    this.sessionLog.clear();
  }
}
