// What the store keeps, and the events it emits. The store knows nothing of
// SMTP or HTTP: these types say what a message and a session are.

import type { CloseReason, TranscriptEntry, TranscriptSpan } from "@mailscope/shared";
import type { HeaderSummary, MailAddress } from "./header-summary.js";

export interface EnvelopeAddress {
  address: string;
  params: Record<string, string | null>;
}

export interface StoredEnvelope {
  mailFrom: EnvelopeAddress;
  rcptTo: EnvelopeAddress[];
  helo: string;
  authUser: string;
  tls: boolean;
  clientAddress: string;
}

export interface StoredMessage {
  id: string;
  sessionId: string;
  span: TranscriptSpan;
  envelope: StoredEnvelope;
  raw: Buffer;
  receivedAt: Date;
  read: boolean;
  tags: string[];
  summary: HeaderSummary;
  /** Envelope recipients in neither To nor Cc. */
  bcc: MailAddress[];
}

export interface StoredSession {
  id: string;
  startedAt: Date;
  endedAt: Date | null;
  clientAddress: string;
  clientPort: number;
  serverAddress: string;
  serverPort: number;
  helo: string;
  tls: { protocol: string; cipher: string } | null;
  authUser: string;
  closeReason: CloseReason | null;
  error: string;
  messageIds: string[];
  transcript: TranscriptEntry[];
}

export type StoreEvent =
  | { type: "message-created"; message: StoredMessage }
  | { type: "messages-deleted"; ids: string[] }
  | { type: "messages-cleared" }
  | { type: "messages-pruned"; ids: string[] }
  | { type: "session-opened"; session: StoredSession }
  | { type: "session-entry"; session: StoredSession; entry: TranscriptEntry }
  | { type: "session-updated"; session: StoredSession }
  | { type: "session-closed"; session: StoredSession }
  | { type: "sessions-cleared" };

export type StoreListener = (event: StoreEvent) => void;
