// GET /api/v1/message/{ID} (Mailpit's Message; reading it marks it read, as
// Mailpit does) and GET /api/v1/message/{ID}/headers.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { decodeHeaderBytes, headerList } from "../../store/header-summary.js";
import type { MemoryStore } from "../../store/memory-store.js";
import { lookupMessage } from "../message-lookup.js";
import { sendText } from "../plain-text.js";
import { HeadersSchema, LatestQuery, MessageIdParams, MessageSchema } from "../message-schemas.js";
import { fullMessage, headersOf } from "../message-shapes.js";
import { ErrorText } from "../schemas.js";

export const singleMessageRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/message/:ID",
    {
      schema: {
        tags: ["message"],
        summary: "Get message summary (Mailpit): parsed headers, text, HTML, attachments; marks the message read",
        params: MessageIdParams,
        querystring: LatestQuery,
        response: { 200: MessageSchema, 400: ErrorText, 404: ErrorText },
      },
    },
    async (req, reply) => {
      const found = await lookupMessage(store, req.params.ID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      const view = await store.parsed(found.message.id);
      if (view === undefined) return sendText(reply, 404, "message not found"); // deleted while it was parsed
      store.setRead([found.message.id], true);
      return fullMessage(found.message, view);
    },
  );

  app.get(
    "/api/v1/message/:ID/headers",
    {
      schema: {
        tags: ["message"],
        summary: "Get message headers (Mailpit): name -> values, names sorted, values as written",
        params: MessageIdParams,
        querystring: LatestQuery,
        response: { 200: HeadersSchema, 400: ErrorText, 404: ErrorText },
      },
    },
    async (req, reply) => {
      const found = await lookupMessage(store, req.params.ID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      // The header block alone: no need to parse the body, nor to inflate all of a compressed message.
      return headersOf(headerList(decodeHeaderBytes(found.message.head)));
    },
  );
};
