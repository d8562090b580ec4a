// Schemas of one message and of the checks on it (Mailpit's shapes), for
// validation, serialisation and the OpenAPI document. The checks at the
// bottom keep them in step with the wire types in @mailscope/shared.

import type { Attachment, HtmlCheckResponse, LinkCheckResponse, Message, SpamAssassinResponse } from "@mailscope/shared";
import { Type, type Static } from "typebox";
import { AddressSchema } from "./schemas.js";

export const AttachmentSchema = Type.Object({
  PartID: Type.String(),
  FileName: Type.String({ description: "The file name, or the Content-ID when the part has none" }),
  ContentType: Type.String(),
  ContentID: Type.String(),
  Size: Type.Integer(),
  Checksums: Type.Object({ MD5: Type.String(), SHA1: Type.String(), SHA256: Type.String() }),
});

export const MessageSchema = Type.Object({
  ID: Type.String(),
  MessageID: Type.String(),
  From: Type.Union([AddressSchema, Type.Null()]),
  To: Type.Array(AddressSchema),
  Cc: Type.Array(AddressSchema),
  Bcc: Type.Array(AddressSchema, { description: "Envelope recipients in neither To nor Cc" }),
  ReplyTo: Type.Array(AddressSchema),
  ReturnPath: Type.String({ description: "Return-Path header, else the envelope sender, else From" }),
  Subject: Type.String(),
  ListUnsubscribe: Type.Object({ Header: Type.String(), HeaderPost: Type.String(), Links: Type.Array(Type.String()), Errors: Type.String() }),
  Date: Type.String({ format: "date-time", description: "The Date header, or the time received" }),
  Tags: Type.Array(Type.String()),
  Username: Type.String(),
  Text: Type.String(),
  HTML: Type.String(),
  Size: Type.Integer(),
  Inline: Type.Array(AttachmentSchema),
  Attachments: Type.Array(AttachmentSchema),
  SessionID: Type.String({ description: "Mailscope: the SMTP session that delivered the message" }),
});

/** Header name -> values, names sorted (Mailpit's MessageHeadersResponse). */
export const HeadersSchema = Type.Record(Type.String(), Type.Array(Type.String()));

const Percent = Type.Number({ minimum: 0, maximum: 100 });

export const HtmlCheckSchema = Type.Object({
  Platforms: Type.Record(Type.String(), Type.Array(Type.String())),
  Total: Type.Object({ Nodes: Type.Integer(), Tests: Type.Integer(), Supported: Percent, Partial: Percent, Unsupported: Percent }),
  Warnings: Type.Array(
    Type.Object({
      Slug: Type.String(),
      Title: Type.String(),
      Description: Type.String(),
      Category: Type.Union([Type.Literal("html"), Type.Literal("css")]),
      Keywords: Type.String(),
      URL: Type.String(),
      Tags: Type.Array(Type.String()),
      NotesByNumber: Type.Record(Type.String(), Type.String()),
      Results: Type.Array(
        Type.Object({
          Name: Type.String(),
          Family: Type.String(),
          Platform: Type.String(),
          Version: Type.String(),
          Support: Type.Union([Type.Literal("yes"), Type.Literal("no"), Type.Literal("partial")]),
          NoteNumber: Type.String(),
        }),
      ),
      Score: Type.Object({ Found: Type.Integer(), Supported: Percent, Partial: Percent, Unsupported: Percent }),
    }),
  ),
});

export const LinkCheckSchema = Type.Object({
  Errors: Type.Integer({ description: "Links with status 400 or more, or no answer (StatusCode 0)" }),
  Links: Type.Array(Type.Object({ URL: Type.String(), StatusCode: Type.Integer(), Status: Type.String() })),
});

export const SpamAssassinSchema = Type.Object({
  Error: Type.String(),
  IsSpam: Type.Boolean(),
  Score: Type.Number(),
  Rules: Type.Array(Type.Object({ Name: Type.String(), Score: Type.Number(), Description: Type.String() })),
});

/** `latest` honours these, as Mailpit does: the newest message matching the search. */
export const LatestQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 4096, description: "With ID `latest`: the newest message matching this search" })),
  tz: Type.Optional(Type.String({ maxLength: 64 })),
});

export const MessageIdParams = Type.Object({ ID: Type.String({ minLength: 1, maxLength: 64, description: "Message ID or `latest`" }) });

type Assert<T extends true> = T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type MessageSchemaChecks = [
  Assert<Same<Static<typeof AttachmentSchema>, Attachment>>,
  Assert<Same<Static<typeof MessageSchema>, Message>>,
  Assert<Same<Static<typeof HtmlCheckSchema>, HtmlCheckResponse>>,
  Assert<Same<Static<typeof LinkCheckSchema>, LinkCheckResponse>>,
  Assert<Same<Static<typeof SpamAssassinSchema>, SpamAssassinResponse>>,
];
