// Guards for the message endpoints' JSON.
import { decodeAddress, decodeEntry } from "../../../lib/api/decode.js";
import { each, isRecord, list, num, record, requiredStr, str, strings } from "../../../lib/api/guards.js";
import type { MessageDetail, Part } from "./types.js";

function decodePart(v: unknown): Part {
  const o = record(v, "part");
  return {
    PartID: requiredStr(o, "PartID", "part"),
    FileName: str(o, "FileName"),
    ContentType: str(o, "ContentType"),
    ContentID: str(o, "ContentID"),
    Size: num(o, "Size"),
  };
}

export function decodeMessage(v: unknown): MessageDetail {
  const o = record(v, "message");
  return {
    ID: requiredStr(o, "ID", "message"),
    MessageID: str(o, "MessageID"),
    From: isRecord(o["From"]) ? decodeAddress(o["From"]) : null,
    To: each(list(o, "To"), decodeAddress),
    Cc: each(list(o, "Cc"), decodeAddress),
    Bcc: each(list(o, "Bcc"), decodeAddress),
    ReplyTo: each(list(o, "ReplyTo"), decodeAddress),
    ReturnPath: str(o, "ReturnPath"),
    Subject: str(o, "Subject"),
    Date: str(o, "Date"),
    Tags: strings(o, "Tags"),
    Text: str(o, "Text"),
    HTML: str(o, "HTML"),
    Size: num(o, "Size"),
    Inline: each(list(o, "Inline"), decodePart),
    Attachments: each(list(o, "Attachments"), decodePart),
    Username: str(o, "Username"),
    SessionID: str(o, "SessionID"),
  };
}

export function decodeTranscriptSpan(v: unknown): { SessionID: string; Entries: ReturnType<typeof decodeEntry>[] } {
  const o = record(v, "message transcript");
  return { SessionID: str(o, "SessionID"), Entries: each(list(o, "Entries"), decodeEntry) };
}
