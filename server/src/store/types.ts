// What the store keeps, and the events it emits. The store knows nothing of
// SMTP or HTTP: these types say what a message and a session are.

import type { CloseReason, TranscriptEntry, TranscriptSpan } from "@mailscope/shared";
import type { Transcript } from "./transcript.js";
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

/** What the list needs from the body, computed on first need and then kept (it is small). */
export interface BodyDigest {
  /** Up to 250 characters of text, whitespace collapsed (Mailpit's Snippet). */
  snippet: string;
  /** Parts shown as attachments (not inline parts referenced from the HTML). */
  attachments: number;
  /** Inline parts (images referenced by Content-ID and the like). */
  inline: number;
  /** Why the MIME structure could not be read in full, or "". */
  problem: string;
}

export interface StoredMessage {
  id: string;
  /** Arrival number, strictly increasing; the search index refers to messages by it. */
  serial: number;
  sessionId: string;
  span: TranscriptSpan;
  envelope: StoredEnvelope;
  /** The message exactly as received; reading it may inflate a compressed copy (see packer.ts). */
  readonly raw: Buffer;
  /** The header block as received (up to the empty line); of a compressed copy, only the start is inflated. */
  readonly head: Buffer;
  /** Bytes as received: `raw.length` without reading `raw`. */
  readonly size: number;
  /** Milliseconds since the epoch (a number: a Date object takes 96 bytes of heap). */
  receivedAt: number;
  read: boolean;
  tags: string[];
  /** Read from the header block on first need (see message-record.ts), like bcc and tags. */
  readonly summary: HeaderSummary;
  /** Envelope recipients in neither To nor Cc. */
  readonly bcc: MailAddress[];
  /** Whether summary, bcc and tags have been read yet: the store counts a message's tags from then on. */
  readonly summarized: boolean;
  /** Filled on first need (list, search); null until then, so ingest never parses bodies. */
  digest: BodyDigest | null;
  /** Search's folded field texts, filled on the first search that needs them (see search/fields.ts). */
  folded: Readonly<Record<string, string>> | null;
}

export interface StoredSession {
  id: string;
  /** Milliseconds since the epoch: a number, not a Date (96 bytes of heap each, two per session). */
  startedAt: number;
  endedAt: number | null;
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
  transcript: Transcript;
}

/** Which bound made the store drop messages. */
export type PruneReason = "count" | "bytes" | "age";

export type StoreEvent =
  | { type: "message-created"; message: StoredMessage }
  | { type: "messages-updated"; messages: StoredMessage[] }
  | { type: "messages-deleted"; ids: string[] }
  | { type: "messages-cleared"; count: number }
  | { type: "messages-pruned"; ids: string[]; reason: PruneReason }
  | { type: "session-opened"; session: StoredSession }
  | { type: "session-entry"; session: StoredSession; entry: TranscriptEntry }
  | { type: "session-updated"; session: StoredSession }
  | { type: "session-closed"; session: StoredSession }
  | { type: "sessions-cleared" }
  | { type: "sessions-pruned"; ids: string[] };

export type StoreListener = (event: StoreEvent) => void;
