// Route schemas: validation, typed handlers, fast serialisation and, later,
// the OpenAPI document, from one definition. The compile-time checks at the
// bottom keep them in step with the wire types in @mailscope/shared.

import type { MessageSummary, SessionDetail, SessionSummary } from "@mailscope/shared";
import { Type, type Static } from "typebox";

export const AddressSchema = Type.Object({ Name: Type.String(), Address: Type.String() });

export const MessageSummarySchema = Type.Object({
  ID: Type.String(),
  MessageID: Type.String(),
  Read: Type.Boolean(),
  From: Type.Union([AddressSchema, Type.Null()]),
  To: Type.Array(AddressSchema),
  Cc: Type.Array(AddressSchema),
  Bcc: Type.Array(AddressSchema),
  ReplyTo: Type.Array(AddressSchema),
  Subject: Type.String(),
  Created: Type.String({ format: "date-time" }),
  Username: Type.String(),
  Tags: Type.Array(Type.String()),
  Size: Type.Integer(),
  Attachments: Type.Integer(),
  Snippet: Type.String(),
  SessionID: Type.String({ description: "Mailscope: the SMTP session that delivered the message" }),
});

export const MessagesSummarySchema = Type.Object({
  total: Type.Integer({ description: "Messages in the mailbox" }),
  unread: Type.Integer(),
  count: Type.Integer({ description: "Messages in this page (Mailpit keeps this field)" }),
  messages_count: Type.Integer({ description: "Messages matching the query" }),
  messages_unread: Type.Integer(),
  start: Type.Integer(),
  tags: Type.Array(Type.String()),
  messages: Type.Array(MessageSummarySchema),
});

const LintNoteSchema = Type.Object({ Kind: Type.String(), Text: Type.String() });

export const TranscriptEntrySchema = Type.Object({
  Seq: Type.Integer(),
  Time: Type.Number({ description: "Milliseconds since the session opened" }),
  Direction: Type.Union([Type.Literal("client"), Type.Literal("server"), Type.Literal("event")]),
  Text: Type.String(),
  Notes: Type.Array(LintNoteSchema),
  Event: Type.Optional(Type.String()),
  Decoded: Type.Optional(Type.String()),
  MessageID: Type.Optional(Type.String()),
  Size: Type.Optional(Type.Integer()),
  Lines: Type.Optional(Type.Integer()),
});

const sessionFields = {
  ID: Type.String(),
  ClientAddress: Type.String(),
  ClientPort: Type.Integer(),
  ServerAddress: Type.String(),
  ServerPort: Type.Integer(),
  Helo: Type.String(),
  TLS: Type.Union([Type.Object({ Protocol: Type.String(), Cipher: Type.String() }), Type.Null()]),
  AuthUser: Type.String(),
  Started: Type.String({ format: "date-time" }),
  Ended: Type.String({ description: "Empty while the session is open" }),
  CloseReason: Type.String(),
  MessageIDs: Type.Array(Type.String()),
  Error: Type.String({ description: "Why the session failed; empty when nothing went wrong" }),
  Entries: Type.Integer(),
};

export const SessionSummarySchema = Type.Object(sessionFields);
export const SessionDetailSchema = Type.Object({ ...sessionFields, Transcript: Type.Array(TranscriptEntrySchema) });
export const SessionsSummarySchema = Type.Object({
  total: Type.Integer(),
  start: Type.Integer(),
  count: Type.Integer(),
  sessions: Type.Array(SessionSummarySchema),
});

export const PagingQuery = Type.Object({
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, default: 50, description: "Capped at 1000" }),
});

export const SearchQuery = Type.Object({
  query: Type.String({ default: "", maxLength: 4096, description: "Search terms, Mailpit's syntax" }),
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, default: 50, description: "Capped at 1000" }),
});

export const IdParams = Type.Object({ ID: Type.String({ minLength: 1, maxLength: 64 }) });

export const ErrorText = Type.String();

// Compile-time: what we serve is what @mailscope/shared says we serve.
type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type SchemaChecks = [
  Assert<Same<Omit<Static<typeof MessageSummarySchema>, never>, MessageSummary>>,
  Assert<Static<typeof SessionSummarySchema> extends Omit<SessionSummary, "CloseReason" | "TLS"> ? true : false>,
  Assert<SessionDetail extends Static<typeof SessionDetailSchema> ? true : false>,
];
