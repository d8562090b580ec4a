// Guards for the message endpoints' JSON.
import { decodeEntry, decodeHeadline } from "../../../lib/api/decode.js";
import { each, list, num, record, requiredStr, str } from "../../../lib/api/guards.js";
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
    ...decodeHeadline(o, "message"),
    ReturnPath: str(o, "ReturnPath"),
    Date: str(o, "Date"),
    Text: str(o, "Text"),
    HTML: str(o, "HTML"),
    Inline: each(list(o, "Inline"), decodePart),
    Attachments: each(list(o, "Attachments"), decodePart),
  };
}

export function decodeTranscriptSpan(v: unknown): { SessionID: string; Entries: ReturnType<typeof decodeEntry>[] } {
  const o = record(v, "message transcript");
  return { SessionID: str(o, "SessionID"), Entries: each(list(o, "Entries"), decodeEntry) };
}
