// SMTP sessions and their transcripts, bounded like messages: past the limit
// the oldest closed sessions go (one that is still talking is never dropped),
// and the drop is an event like any other change.

import type { TranscriptEntry } from "@mailscope/shared";
import { append, emptyList } from "../empty-list.js";
import { Transcript } from "./transcript.js";
import type { StoreEvent, StoredSession } from "./types.js";

export interface NewSession {
  id: string;
  startedAt: Date;
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
}

export type SessionPatch = Partial<Pick<StoredSession, "helo" | "tls" | "authUser" | "error">>;

export class SessionLog {
  // Maps keep insertion order, which is arrival order: the first key is the oldest.
  private readonly sessions = new Map<string, StoredSession>();
  /** Sessions dropped by pruning since start. */
  pruned = 0;
  /** Messages refused at the end of their data since start (a "refused" transcript event). */
  refusedMessages = 0;

  constructor(
    private readonly maxSessions: number,
    private readonly emit: (event: StoreEvent) => void,
    /** Whether anyone listens to transcript lines: when nobody does, no event is built for each. */
    private readonly entriesWatched: () => boolean,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): StoredSession | undefined {
    return this.sessions.get(id);
  }

  opened(info: NewSession): void {
    // Spelled out rather than spread: one per connection, on the SMTP path.
    const session: StoredSession = {
      id: info.id,
      startedAt: info.startedAt.getTime(),
      clientAddress: info.clientAddress,
      clientPort: info.clientPort,
      serverAddress: info.serverAddress,
      serverPort: info.serverPort,
      endedAt: null,
      helo: "",
      tls: null,
      authUser: "",
      closeReason: null,
      error: "",
      messageIds: emptyList(),
      transcript: new Transcript(),
    };
    this.sessions.set(info.id, session);
    this.emit({ type: "session-opened", session });
    this.prune();
  }

  entry(sessionId: string, entry: TranscriptEntry): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.transcript.push(entry);
    if (entry.Event === "refused") this.refusedMessages++;
    if (this.entriesWatched()) this.emit({ type: "session-entry", session, entry });
  }

  /** A message from this session was stored. */
  delivered(sessionId: string, messageId: string): void {
    const session = this.sessions.get(sessionId);
    if (session) session.messageIds = append(session.messageIds, messageId);
  }

  updated(sessionId: string, patch: SessionPatch): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    Object.assign(session, patch);
    this.emit({ type: "session-updated", session });
  }

  closed(sessionId: string, info: { endedAt: Date; reason: StoredSession["closeReason"] & string; error: string }): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.endedAt = info.endedAt.getTime();
    session.closeReason = info.reason;
    session.error = info.error;
    session.transcript.seal();
    this.emit({ type: "session-closed", session });
    this.prune(); // sessions opened while this one was the oldest may be waiting for room
  }

  /** Newest first; `total` counts every session that passes the filter. */
  list(start: number, limit: number, filter: ((s: StoredSession) => boolean) | null = null): { total: number; items: StoredSession[] } {
    const all = [...this.sessions.values()];
    const items: StoredSession[] = [];
    let total = 0;
    for (let i = all.length - 1; i >= 0; i--) {
      const s = all[i] as StoredSession;
      if (filter !== null && !filter(s)) continue;
      if (total >= start && items.length < limit) items.push(s);
      total++;
      if (filter === null && items.length >= limit) return { total: all.length, items };
    }
    return { total, items };
  }

  /** Removes closed sessions; open ones keep recording. */
  clear(): void {
    for (const [id, s] of this.sessions) if (s.endedAt !== null) this.sessions.delete(id);
    this.emit({ type: "sessions-cleared" });
  }

  private prune(): void {
    let excess = this.sessions.size - this.maxSessions;
    if (excess <= 0) return;
    const ids: string[] = [];
    for (const [id, s] of this.sessions) {
      if (excess <= 0) break;
      if (s.endedAt === null) continue; // never drop a session that is still talking
      ids.push(id);
      excess--;
    }
    if (ids.length === 0) return;
    for (const id of ids) this.sessions.delete(id);
    this.pruned += ids.length;
    this.emit({ type: "sessions-pruned", ids });
  }
}
