// TypeBox schemas for MailHog's paths: validation of what clients send, and
// the OpenAPI description of what we answer. The compile-time checks at the
// bottom keep the answer schemas in step with the types in shapes.ts.

import { Type, type Static } from "typebox";
import type { MailHogContent, MailHogMessage, MailHogMessages } from "./shapes.js";

/** MailHog caps a page at 250 and treats a missing or zero limit as 50. */
export const MAILHOG_MAX_PAGE = 250;
export const MAILHOG_DEFAULT_PAGE = 50;

export const MailHogPageQuery = Type.Object({
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, default: MAILHOG_DEFAULT_PAGE, description: "0 means 50; capped at 250, as MailHog does" }),
});

export const MailHogSearchQuery = Type.Object({
  kind: Type.Union([Type.Literal("from"), Type.Literal("to"), Type.Literal("containing")]),
  query: Type.String({ minLength: 1, maxLength: 4096 }),
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, default: MAILHOG_DEFAULT_PAGE, description: "0 means 50; capped at 250, as MailHog does" }),
});

export const MailHogIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * MailHog's release body. Go decodes JSON keys case-insensitively, so clients
 * send `host` as often as `Host` (the npm client does); the route rewrites
 * keys to these spellings before this schema sees them. Name (a server from
 * MailHog's outgoing-SMTP file) has no counterpart here: Host is required.
 */
export const ReleaseBody = Type.Object({
  Host: Type.String({ minLength: 1, maxLength: 255 }),
  Port: Type.Union([Type.String({ pattern: "^[0-9]{1,5}$" }), Type.Integer({ minimum: 1, maximum: 65535 })]),
  Email: Type.String({ minLength: 1, maxLength: 320 }),
  Username: Type.Optional(Type.String({ maxLength: 1024 })),
  Password: Type.Optional(Type.String({ maxLength: 1024 })),
  Mechanism: Type.Optional(Type.String({ description: "PLAIN, CRAMMD5 (or CRAM-MD5), LOGIN; empty lets the relay's offer decide" })),
});
export type ReleaseRequest = Static<typeof ReleaseBody>;
export const RELEASE_KEYS = ["Host", "Port", "Email", "Username", "Password", "Mechanism"] as const;

const PathSchema = Type.Object({
  Relays: Type.Union([Type.Array(Type.String()), Type.Null()]),
  Mailbox: Type.String(),
  Domain: Type.String(),
  Params: Type.String({ description: "ESMTP parameters of MAIL or RCPT (MailHog always sends \"\")" }),
});

const HeadersSchema = Type.Record(Type.String(), Type.Array(Type.String()), { description: "Field name as written -> its values, unfolded, not decoded" });

// Parts nest without bound; a schema cannot say so without a cycle, so below the first level a part is described, not typed.
const NestedPartSchema = Type.Unknown({ description: "A part: {Headers, Body, Size, MIME}, as above" });

const ContentSchema = Type.Object({
  Headers: HeadersSchema,
  Body: Type.String(),
  Size: Type.Integer(),
  MIME: Type.Union([Type.Object({ Parts: Type.Array(NestedPartSchema) }), Type.Null()]),
});

const MimeSchema = Type.Union([Type.Object({ Parts: Type.Array(ContentSchema) }), Type.Null()]);

export const MailHogMessageSchema = Type.Object({
  ID: Type.String(),
  From: PathSchema,
  To: Type.Array(PathSchema),
  Content: ContentSchema,
  Created: Type.String({ format: "date-time" }),
  MIME: MimeSchema,
  Raw: Type.Object({ From: Type.String(), To: Type.Array(Type.String()), Data: Type.String({ description: "The message as received" }), Helo: Type.String() }),
});

export const MailHogMessagesSchema = Type.Object({
  total: Type.Integer({ description: "Messages stored (messages) or matching (search)" }),
  count: Type.Integer(),
  start: Type.Integer(),
  items: Type.Array(MailHogMessageSchema),
});

// Compile-time: every value shapes.ts builds fits the schema we describe it with.
type Assert<T extends true> = T;
export type MailHogSchemaChecks = [
  Assert<MailHogContent extends Static<typeof ContentSchema> ? true : false>,
  Assert<MailHogMessage extends Static<typeof MailHogMessageSchema> ? true : false>,
  Assert<MailHogMessages extends Static<typeof MailHogMessagesSchema> ? true : false>,
];
