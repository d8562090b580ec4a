// The message in Mailpit's shape (GET /api/v1/message/{ID}) and the check
// results, as the UI reads them: narrowed from the wire types in @mailscope/shared.
import type { Attachment, Message, TranscriptEntry } from "@mailscope/shared";

/** The fields of an attachment the UI reads (Mailpit's Attachment, from @mailscope/shared). */
export type Part = Pick<Attachment, "PartID" | "FileName" | "ContentType" | "ContentID" | "Size">;

/** The message as the UI reads it: the shared wire shape, less what the UI does not use. */
export type MessageDetail = Omit<Message, "ListUnsubscribe" | "Inline" | "Attachments"> & { Inline: Part[]; Attachments: Part[] };

export interface MessageTranscript {
  SessionID: string;
  Entries: TranscriptEntry[];
  /** "api" when the server cut the span, "session" when the UI found it in the whole session. */
  source: "api" | "session";
}
