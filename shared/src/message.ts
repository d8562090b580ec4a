// Wire shapes of one message (GET /api/v1/message/{ID}) and the checks on it,
// as Mailpit's API v1 defines them, so its clients work unchanged.
import type { Address } from "./api.js";

export interface Attachment {
  PartID: string;
  /** The part's file name, or its Content-ID when it has none (as Mailpit does). */
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

export interface ListUnsubscribe {
  Header: string;
  HeaderPost: string;
  /** At most one mailto: and one http(s) link. */
  Links: string[];
  /** Why the header is not valid, or "". */
  Errors: string;
}

export interface Message {
  ID: string;
  MessageID: string;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  ReturnPath: string;
  Subject: string;
  ListUnsubscribe: ListUnsubscribe;
  /** The Date header, or the time received when it has none. */
  Date: string;
  Tags: string[];
  Username: string;
  Text: string;
  HTML: string;
  Size: number;
  Inline: Attachment[];
  Attachments: Attachment[];
  /** Mailscope: the SMTP session that delivered the message. */
  SessionID: string;
}

export interface LinkCheckLink {
  URL: string;
  StatusCode: number;
  Status: string;
}

export interface LinkCheckResponse {
  Errors: number;
  Links: LinkCheckLink[];
}

export interface SpamAssassinRule {
  Name: string;
  Score: number;
  Description: string;
}

export interface SpamAssassinResponse {
  Error: string;
  IsSpam: boolean;
  Score: number;
  Rules: SpamAssassinRule[];
}

/** One client version's support of a feature (caniemail data). */
export interface HtmlCheckResult {
  Name: string;
  Family: string;
  Platform: string;
  Version: string;
  Support: "yes" | "no" | "partial";
  NoteNumber: string;
}

export interface HtmlCheckScore {
  /** Times the feature occurs in the message. */
  Found: number;
  Supported: number;
  Partial: number;
  Unsupported: number;
}

export interface HtmlCheckWarning {
  Slug: string;
  Title: string;
  Description: string;
  Category: "html" | "css";
  Keywords: string;
  URL: string;
  Tags: string[];
  NotesByNumber: Record<string, string>;
  Results: HtmlCheckResult[];
  Score: HtmlCheckScore;
}

export interface HtmlCheckResponse {
  /** Platform -> email client families tested on it. */
  Platforms: Record<string, string[]>;
  Total: { Nodes: number; Tests: number; Supported: number; Partial: number; Unsupported: number };
  Warnings: HtmlCheckWarning[];
}
