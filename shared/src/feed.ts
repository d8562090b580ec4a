// Frames on the WebSocket feed at /api/events. Mailpit's frames ({Type, Data}
// with new, update, delete, prune, truncate, stats) keep their shapes so its
// UI conventions carry over; ours follow the same envelope.
import type { MessageSummary, SessionSummary } from "./api.js";
import type { TranscriptEntry } from "./transcript.js";

export interface MailboxStats {
  Total: number;
  Unread: number;
  Version: string;
}

export type FeedFrame =
  | { Type: "new"; Data: MessageSummary }
  | { Type: "update"; Data: { ID: string; Read?: boolean; Tags?: string[] } }
  | { Type: "delete"; Data: { ID: string } }
  | { Type: "prune"; Data: { IDs: string[] } }
  | { Type: "truncate"; Data: null }
  | { Type: "stats"; Data: MailboxStats }
  /** Mailscope: a session opened, changed (HELO, TLS, AUTH) or closed. */
  | { Type: "session"; Data: SessionSummary }
  /** Mailscope: one transcript entry, sent to clients watching that session (or all). */
  | { Type: "transcript"; Data: { SessionID: string; Entry: TranscriptEntry } }
  | { Type: "sessions-cleared"; Data: null };

/** What a client may send: which sessions' transcripts to stream ("*" for all, null for none). */
export interface FeedWatch {
  Type: "watch";
  Data: { SessionID: string | null };
}
