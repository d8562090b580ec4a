// The SMTP transcript as the API and the UI see it. The engine emits entries
// in exactly this shape, so the store keeps them as they are and the API
// serves them without a mapping step.

export type Direction = "client" | "server" | "event";

/** What an event entry reports; client and server entries have none. */
export type EventKind =
  | "connect"
  | "close"
  | "tls"
  | "auth"
  | "stored"
  | "refused"
  | "discarded"
  | "fault"
  | "error";

/** Protocol lint: things a real server might reject, shown but tolerated. */
export type LintKind =
  | "bare-lf"
  | "bare-cr"
  | "nul-byte"
  | "unadvertised-pipelining"
  | "8bit-without-8bitmime"
  | "long-line"
  | "slow-step";

export interface LintNote {
  Kind: LintKind;
  Text: string;
}

export interface TranscriptEntry {
  /** Position in the session, from 0, never reused within it. */
  Seq: number;
  /** Milliseconds since the session opened (fractional). */
  Time: number;
  Direction: Direction;
  /** The text as it crossed the wire without its line ending, non-printable bytes escaped. */
  Text: string;
  Notes: LintNote[];
  Event?: EventKind;
  /** A human decoding of an encoded line, such as the user name inside AUTH. */
  Decoded?: string;
  /** On a DATA/BDAT payload entry and on the stored event: the message it became. */
  MessageID?: string;
  /** On a payload entry: its size in bytes and its number of lines. */
  Size?: number;
  Lines?: number;
}

/** Why a session ended. */
export type CloseReason =
  | "quit"
  | "client-closed"
  | "idle-timeout"
  | "too-many-errors"
  | "too-many-connections"
  | "forbidden-command"
  | "server-shutdown"
  | "socket-error"
  | "tls-error"
  /** A fault rule closed it: a drop, or a 421/221 reply. */
  | "fault";

/** The first and last transcript entry of one mail transaction (MAIL to the reply after the data). */
export interface TranscriptSpan {
  First: number;
  Last: number;
}
