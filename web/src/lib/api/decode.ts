// Decoders from unknown JSON to the shared wire types. Both the fetches and
// the feed use them, so a frame and a response are checked the same way.
import type {
  Address,
  CloseReason,
  Direction,
  EventKind,
  LintKind,
  LintNote,
  MailboxStats,
  MessageSummary,
  MessagesSummary,
  SessionDetail,
  SessionSummary,
  SessionsSummary,
  TranscriptEntry,
} from "@mailscope/shared";
import { bool, each, isRecord, list, num, record, requiredStr, str, strings, type Obj } from "./guards.js";

export function decodeAddress(v: unknown): Address {
  const o = record(v, "address");
  return { Name: str(o, "Name"), Address: str(o, "Address") };
}

function addresses(o: Obj, key: string): Address[] {
  return each(list(o, key), decodeAddress);
}

/** The fields the message list and the message itself share, read the same way for both. */
export type MessageHeadline = Pick<MessageSummary, "ID" | "MessageID" | "From" | "To" | "Cc" | "Bcc" | "ReplyTo" | "Subject" | "Username" | "Tags" | "Size" | "SessionID">;

export function decodeHeadline(o: Obj, what: string): MessageHeadline {
  return {
    ID: requiredStr(o, "ID", what),
    MessageID: str(o, "MessageID"),
    From: isRecord(o["From"]) ? decodeAddress(o["From"]) : null,
    To: addresses(o, "To"),
    Cc: addresses(o, "Cc"),
    Bcc: addresses(o, "Bcc"),
    ReplyTo: addresses(o, "ReplyTo"),
    Subject: str(o, "Subject"),
    Username: str(o, "Username"),
    Tags: strings(o, "Tags"),
    Size: num(o, "Size"),
    SessionID: str(o, "SessionID"),
  };
}

export function decodeMessageSummary(v: unknown): MessageSummary {
  const o = record(v, "message summary");
  return {
    ...decodeHeadline(o, "message summary"),
    Read: bool(o, "Read"),
    Created: str(o, "Created"),
    Attachments: num(o, "Attachments"),
    Snippet: str(o, "Snippet"),
  };
}

export function decodeMessagesSummary(v: unknown): MessagesSummary {
  const o = record(v, "messages");
  return {
    total: num(o, "total"),
    unread: num(o, "unread"),
    count: num(o, "count"),
    messages_count: num(o, "messages_count"),
    messages_unread: num(o, "messages_unread"),
    start: num(o, "start"),
    tags: strings(o, "tags"),
    messages: each(list(o, "messages"), decodeMessageSummary),
  };
}

const DIRECTIONS: readonly Direction[] = ["client", "server", "event"];
const EVENTS: readonly EventKind[] = ["connect", "close", "tls", "auth", "stored", "refused", "discarded", "fault", "error"];

function decodeNote(v: unknown): LintNote {
  const o = record(v, "lint note");
  // An unknown lint kind from a newer server still shows its text.
  return { Kind: str(o, "Kind") as LintKind, Text: str(o, "Text") };
}

export function decodeEntry(v: unknown): TranscriptEntry {
  const o = record(v, "transcript entry");
  const dir = str(o, "Direction");
  const entry: TranscriptEntry = {
    Seq: num(o, "Seq"),
    Time: num(o, "Time"),
    Direction: DIRECTIONS.find((d) => d === dir) ?? "event",
    Text: str(o, "Text"),
    Notes: each(list(o, "Notes"), decodeNote),
  };
  const event = EVENTS.find((e) => e === o["Event"]);
  if (event !== undefined) entry.Event = event;
  if (typeof o["Decoded"] === "string") entry.Decoded = o["Decoded"];
  if (typeof o["MessageID"] === "string") entry.MessageID = o["MessageID"];
  if (typeof o["Size"] === "number") entry.Size = o["Size"];
  if (typeof o["Lines"] === "number") entry.Lines = o["Lines"];
  return entry;
}

export function decodeSessionSummary(v: unknown): SessionSummary {
  const o = record(v, "session");
  const tls = isRecord(o["TLS"]) ? { Protocol: str(o["TLS"], "Protocol"), Cipher: str(o["TLS"], "Cipher") } : null;
  return {
    ID: requiredStr(o, "ID", "session"),
    ClientAddress: str(o, "ClientAddress"),
    ClientPort: num(o, "ClientPort"),
    ServerAddress: str(o, "ServerAddress"),
    ServerPort: num(o, "ServerPort"),
    Helo: str(o, "Helo"),
    TLS: tls,
    AuthUser: str(o, "AuthUser"),
    Started: str(o, "Started"),
    Ended: str(o, "Ended"),
    CloseReason: str(o, "CloseReason") as CloseReason | "",
    MessageIDs: strings(o, "MessageIDs"),
    Error: str(o, "Error"),
    Entries: num(o, "Entries"),
  };
}

export function decodeSessionsSummary(v: unknown): SessionsSummary {
  const o = record(v, "sessions");
  return {
    total: num(o, "total"),
    start: num(o, "start"),
    count: num(o, "count"),
    sessions: each(list(o, "sessions"), decodeSessionSummary),
  };
}

export function decodeSessionDetail(v: unknown): SessionDetail {
  const o = record(v, "session");
  return { ...decodeSessionSummary(o), Transcript: each(list(o, "Transcript"), decodeEntry) };
}

export function decodeStats(v: unknown): MailboxStats {
  const o = record(v, "stats");
  return { Total: num(o, "Total"), Unread: num(o, "Unread"), Version: str(o, "Version") };
}
