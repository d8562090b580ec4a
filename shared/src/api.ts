// Wire shapes of /api/v1. Message shapes follow Mailpit's API v1 so its
// clients work unchanged; session shapes are Mailscope's own, in the same style.
import type { CloseReason, TranscriptEntry } from "./transcript.js";

export interface Address {
  Name: string;
  Address: string;
}

export interface MessageSummary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  Subject: string;
  Created: string;
  Username: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
  /** Mailscope: the SMTP session that delivered the message. */
  SessionID: string;
}

export interface MessagesSummary {
  total: number;
  unread: number;
  count: number;
  messages_count: number;
  messages_unread: number;
  start: number;
  tags: string[];
  messages: MessageSummary[];
}

export interface SessionSummary {
  ID: string;
  ClientAddress: string;
  ClientPort: number;
  ServerAddress: string;
  ServerPort: number;
  Helo: string;
  TLS: { Protocol: string; Cipher: string } | null;
  AuthUser: string;
  Started: string;
  /** Empty while the session is still open. */
  Ended: string;
  CloseReason: CloseReason | "";
  MessageIDs: string[];
  /** Why the session failed, empty when nothing went wrong. */
  Error: string;
  Entries: number;
}

export interface SessionsSummary {
  total: number;
  start: number;
  count: number;
  sessions: SessionSummary[];
}

export interface SessionDetail extends SessionSummary {
  Transcript: TranscriptEntry[];
}
