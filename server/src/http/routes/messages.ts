// Mailpit's message list, raw source and delete, with its quirks: `latest`
// as an ID, plain-text "ok" bodies.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoredMessage } from "../../store/types.js";
import { ErrorText, IdParams, MessagesSummarySchema, PagingQuery } from "../schemas.js";
import { messageSummary } from "../shapes.js";

export const MAX_PAGE = 1000;

export function resolveMessage(store: MemoryStore, id: string): StoredMessage | undefined {
  if (id === "latest") return store.listMessages(0, 1).items[0];
  return store.getMessage(id);
}

export const messageRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/messages",
    { schema: { tags: ["messages"], summary: "List messages, newest first", querystring: PagingQuery, response: { 200: MessagesSummarySchema } } },
    async (req) => {
      const { start } = req.query;
      const limit = Math.min(req.query.limit, MAX_PAGE);
      const page = store.listMessages(start, limit);
      const unread = store.unreadCount;
      return {
        total: page.total,
        unread,
        count: page.items.length,
        messages_count: page.total,
        messages_unread: unread,
        start,
        tags: [...new Set(page.items.flatMap((m) => m.tags))].sort(),
        messages: page.items.map(messageSummary),
      };
    },
  );

  app.get(
    "/api/v1/message/:ID/raw",
    { schema: { tags: ["messages"], summary: "The message source as received", params: IdParams } },
    async (req, reply) => {
      const message = resolveMessage(store, req.params.ID);
      if (!message) return reply.code(404).type("text/plain; charset=utf-8").send("message not found");
      return reply.type("text/plain; charset=utf-8").send(message.raw);
    },
  );

  app.delete(
    "/api/v1/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "Delete the listed messages, or all when no IDs are given",
        // Mailpit (and MailHog clients) send DELETE with no body at all: null stands for that.
        body: Type.Union([Type.Object({ IDs: Type.Optional(Type.Array(Type.String())) }), Type.Null()]),
        response: { 200: Type.String() },
      },
    },
    async (req, reply) => {
      const ids = req.body?.IDs ?? [];
      if (ids.length === 0) store.clearMessages();
      else store.deleteMessages(ids);
      return reply.type("text/plain; charset=utf-8").send("ok");
    },
  );
};
