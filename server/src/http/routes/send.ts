// POST /api/v1/send: Mailpit's SendRequest JSON, composed into a MIME message
// and stored as if it came over SMTP (see send/submit.ts). Errors answer in
// Mailpit's JSON shape, {"Error": "..."}.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyError } from "fastify";
import { Type } from "typebox";
import { compose, SendError, type SendRequest } from "../../send/compose.js";
import { submit } from "../../send/submit.js";
import type { MemoryStore } from "../../store/memory-store.js";

export interface SendOptions {
  store: MemoryStore;
  /** Largest message accepted, as over SMTP (--smtp-max-size). */
  maxMessageSize: number;
}

const Address = Type.Object({ Email: Type.String({ maxLength: 320 }), Name: Type.Optional(Type.String({ maxLength: 1000 })) });

const SendRequestSchema = Type.Object({
  From: Address,
  To: Type.Optional(Type.Array(Address, { maxItems: 1000 })),
  Cc: Type.Optional(Type.Array(Address, { maxItems: 1000 })),
  Bcc: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 1000, description: "Addresses only" })),
  ReplyTo: Type.Optional(Type.Array(Address, { maxItems: 100 })),
  Subject: Type.Optional(Type.String()),
  Text: Type.Optional(Type.String()),
  HTML: Type.Optional(Type.String()),
  Headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  Tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  Attachments: Type.Optional(
    Type.Array(
      Type.Object({
        Content: Type.String({ description: "Base64 (a data: URL prefix is allowed)" }),
        Filename: Type.String({ maxLength: 1000 }),
        ContentType: Type.Optional(Type.String({ maxLength: 200 })),
        ContentID: Type.Optional(Type.String({ maxLength: 200, description: "Set: attached inline, for cid: links" })),
      }),
      { maxItems: 1000 },
    ),
  ),
});

const JsonError = Type.Object({ Error: Type.String() });

export const sendRoutes: FastifyPluginAsyncTypebox<SendOptions> = async (app, o) => {
  app.post(
    "/api/v1/send",
    {
      // Base64 makes attachments a third bigger; the message itself is checked against the limit below.
      bodyLimit: Math.ceil((o.maxMessageSize * 4) / 3) + 1024 * 1024,
      errorHandler: (err: FastifyError, _req, reply) => {
        const status = err.statusCode === 413 ? 413 : (err.statusCode ?? 500) < 500 ? 400 : 500;
        return reply.code(status).send({ Error: status === 500 ? "internal error" : err.message });
      },
      schema: {
        tags: ["message"],
        summary: "Send a message (Mailpit): stored as if it came over SMTP, with a session whose transcript says it came over HTTP",
        body: SendRequestSchema,
        response: { 200: Type.Object({ ID: Type.String() }), 400: JsonError, 413: JsonError, 500: JsonError },
      },
    },
    async (req, reply) => {
      let composed;
      try {
        composed = await compose(req.body satisfies SendRequest);
      } catch (err) {
        if (err instanceof SendError) return reply.code(400).send({ Error: err.message });
        throw err;
      }
      if (composed.raw.length > o.maxMessageSize) return reply.code(413).send({ Error: `message is ${composed.raw.length} bytes; the limit is ${o.maxMessageSize}` });
      const authUser = /^basic /i.test(req.headers.authorization ?? "") ? Buffer.from((req.headers.authorization ?? "").slice(6), "base64").toString("utf8").split(":")[0] ?? "" : "";
      const id = submit(o.store, {
        raw: composed.raw,
        from: composed.from,
        recipients: composed.recipients,
        authUser,
        client: { address: req.socket.remoteAddress ?? req.ip, port: req.socket.remotePort ?? 0 },
        server: { address: req.socket.localAddress ?? "", port: req.socket.localPort ?? 0 },
      });
      return { ID: id };
    },
  );
};
