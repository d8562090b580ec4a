// The message in Mailpit's shape (GET /api/v1/message/{ID}) and the check
// results, as the UI reads them. Web-only until the shared package has them.
import type { Address, TranscriptEntry } from "@mailscope/shared";

export interface Part {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
}

export interface MessageDetail {
  ID: string;
  MessageID: string;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  ReturnPath: string;
  Subject: string;
  Date: string;
  Tags: string[];
  Text: string;
  HTML: string;
  Size: number;
  Inline: Part[];
  Attachments: Part[];
  Username: string;
  /** Mailscope's extension; absent from Mailpit's shape. */
  SessionID: string;
}

export interface MessageTranscript {
  SessionID: string;
  Entries: TranscriptEntry[];
  /** "api" when the server cut the span, "session" when the UI found it in the whole session. */
  source: "api" | "session";
}
