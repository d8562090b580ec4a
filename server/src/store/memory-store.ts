// The in-memory store, and the hub of the process: every change, whoever
// asks for it, emits exactly one StoreEvent; the feed, waiters and the HTTP
// layer subscribe here and never to the SMTP engine.

import type { TranscriptEntry, TranscriptSpan } from "@mailscope/shared";
import { newId } from "../ids.js";
import { summarizeHeaders, type MailAddress } from "./header-summary.js";
import type { StoreEvent, StoreListener, StoredEnvelope, StoredMessage, StoredSession } from "./types.js";

export interface NewMessage {
  sessionId: string;
  envelope: StoredEnvelope;
  raw: Buffer;
  receivedAt: Date;
  span: TranscriptSpan;
}

export interface NewSession {
  id: string;
  startedAt: Date;
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
}

export interface StoreLimits {
  maxMessages: number;
  maxSessions: number;
}

export interface Page<T> {
  total: number;
  items: T[];
}

function bccOf(envelope: StoredEnvelope, shown: MailAddress[]): MailAddress[] {
  const visible = new Set(shown.map((a) => a.address.toLowerCase()));
  return envelope.rcptTo.filter((r) => !visible.has(r.address.toLowerCase())).map((r) => ({ name: "", address: r.address }));
}

export class MemoryStore {
  // Maps keep insertion order, which is arrival order: the first key is the oldest.
  private readonly messages = new Map<string, StoredMessage>();
  private readonly sessions = new Map<string, StoredSession>();
  private readonly listeners = new Set<StoreListener>();
  /** Messages dropped by pruning since start, so the API and UI can say it happened. */
  prunedMessages = 0;

  constructor(private readonly limits: StoreLimits) {}

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  // ---- messages ----

  deliver(input: NewMessage): string {
    const summary = summarizeHeaders(input.raw);
    const message: StoredMessage = {
      id: newId(),
      sessionId: input.sessionId,
      span: input.span,
      envelope: input.envelope,
      raw: input.raw,
      receivedAt: input.receivedAt,
      read: false,
      tags: summary.tags,
      summary,
      bcc: bccOf(input.envelope, [...summary.to, ...summary.cc]),
    };
    this.messages.set(message.id, message);
    const session = this.sessions.get(input.sessionId);
    session?.messageIds.push(message.id);
    this.emit({ type: "message-created", message });
    this.pruneMessages();
    return message.id;
  }

  getMessage(id: string): StoredMessage | undefined {
    return this.messages.get(id);
  }

  /** Newest first. */
  listMessages(start: number, limit: number): Page<StoredMessage> {
    const all = [...this.messages.values()];
    const items: StoredMessage[] = [];
    for (let i = all.length - 1 - start; i >= 0 && items.length < limit; i--) items.push(all[i] as StoredMessage);
    return { total: all.length, items };
  }

  get messageCount(): number {
    return this.messages.size;
  }

  get unreadCount(): number {
    let n = 0;
    for (const m of this.messages.values()) if (!m.read) n++;
    return n;
  }

  deleteMessages(ids: string[]): string[] {
    const deleted = ids.filter((id) => this.messages.delete(id));
    if (deleted.length > 0) this.emit({ type: "messages-deleted", ids: deleted });
    return deleted;
  }

  clearMessages(): void {
    this.messages.clear();
    this.emit({ type: "messages-cleared" });
  }

  private pruneMessages(): void {
    const excess = this.messages.size - this.limits.maxMessages;
    if (excess <= 0) return;
    const ids: string[] = [];
    for (const id of this.messages.keys()) {
      if (ids.length >= excess) break;
      ids.push(id);
    }
    for (const id of ids) this.messages.delete(id);
    this.prunedMessages += ids.length;
    this.emit({ type: "messages-pruned", ids });
  }

  // ---- sessions (the engine's SessionObserver) ----

  opened(info: NewSession): void {
    const session: StoredSession = { ...info, endedAt: null, helo: "", tls: null, authUser: "", closeReason: null, error: "", messageIds: [], transcript: [] };
    this.sessions.set(info.id, session);
    this.emit({ type: "session-opened", session });
    this.pruneSessions();
  }

  entry(sessionId: string, entry: TranscriptEntry): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.transcript.push(entry);
    this.emit({ type: "session-entry", session, entry });
  }

  updated(sessionId: string, patch: Partial<Pick<StoredSession, "helo" | "tls" | "authUser" | "error">>): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    Object.assign(session, patch);
    this.emit({ type: "session-updated", session });
  }

  closed(sessionId: string, info: { endedAt: Date; reason: StoredSession["closeReason"] & string; error: string }): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.endedAt = info.endedAt;
    session.closeReason = info.reason;
    session.error = info.error;
    this.emit({ type: "session-closed", session });
  }

  getSession(id: string): StoredSession | undefined {
    return this.sessions.get(id);
  }

  /** Newest first. */
  listSessions(start: number, limit: number): Page<StoredSession> {
    const all = [...this.sessions.values()];
    const items: StoredSession[] = [];
    for (let i = all.length - 1 - start; i >= 0 && items.length < limit; i--) items.push(all[i] as StoredSession);
    return { total: all.length, items };
  }

  /** Removes closed sessions; open ones keep recording. */
  clearSessions(): void {
    for (const [id, s] of this.sessions) if (s.endedAt !== null) this.sessions.delete(id);
    this.emit({ type: "sessions-cleared" });
  }

  private pruneSessions(): void {
    let excess = this.sessions.size - this.limits.maxSessions;
    for (const [id, s] of this.sessions) {
      if (excess <= 0) break;
      if (s.endedAt === null) continue; // never drop a session that is still talking
      this.sessions.delete(id);
      excess--;
    }
  }
}
