// Mailpit's message list, search, raw source and delete, with its quirks:
// `latest` as an ID, plain-text "ok" bodies.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { MessagesSummary } from "@mailscope/shared";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoredMessage } from "../../store/types.js";
import { IdParams, MessagesSummarySchema, PagingQuery, SearchQuery } from "../schemas.js";
import { lookupMessage } from "../message-lookup.js";
import { badQuery, sendText } from "../plain-text.js";
import { LatestQuery } from "../message-schemas.js";
import { messageSummary } from "../shapes.js";
import { checkTimeZone, TimeZoneError } from "../../store/search/time-zone.js";
import { answersLikeMailHog } from "../mailhog/delete-answer.js";

export const MAX_PAGE = 1000;



/** Mailpit's MessagesSummary: `total`/`unread` are the mailbox's, `messages_count`/`messages_unread` the query's. */
export async function summaryPage(store: MemoryStore, start: number, items: StoredMessage[], matched: number, matchedUnread: number): Promise<MessagesSummary> {
  await store.summariesReady(); // the tag list below needs every summary; a backlog after a burst is read in slices
  return {
    total: store.messageCount,
    unread: store.unreadCount,
    count: items.length,
    messages_count: matched,
    messages_unread: matchedUnread,
    start,
    tags: store.allTags(), // Mailpit lists every tag in the mailbox here, not only this page's
    messages: items.map((m) => messageSummary(m, store.digest(m))),
  };
}

export const messageRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/messages",
    { schema: { tags: ["messages"], summary: "List messages, newest first", querystring: PagingQuery, response: { 200: MessagesSummarySchema } } },
    async (req) => {
      const { start } = req.query;
      const page = store.listMessages(start, Math.min(req.query.limit, MAX_PAGE));
      return summaryPage(store, start, page.items, page.total, store.unreadCount);
    },
  );

  app.get(
    "/api/v1/search",
    {
      schema: {
        tags: ["messages"],
        summary: "Search messages, newest first (Mailpit's syntax, plus larger:, smaller:, envelope-from:, envelope-to:, header:Name=value); `tz` is the time zone of before:/after: dates",
        querystring: Type.Intersect([SearchQuery, Type.Object({ tz: Type.Optional(Type.String({ maxLength: 64 })) })]),
        response: { 200: MessagesSummarySchema, 400: Type.String() },
      },
    },
    async (req, reply) => {
      const { start, query, tz } = req.query;
      try {
        if (tz !== undefined && tz !== "") checkTimeZone(tz);
      } catch (err) {
        if (err instanceof TimeZoneError) return sendText(reply, 400, err.message);
        throw err;
      }
      const result = await store.searchWhenReady(query, start, Math.min(req.query.limit, MAX_PAGE), tz === "" ? undefined : tz);
      // A filter we cannot read is an error, not something to drop silently: the caller would get the wrong messages.
      if (result.problems.length > 0) return sendText(reply, 400, badQuery(result.problems));
      return summaryPage(store, start, result.items, result.total, result.unread);
    },
  );

  app.get(
    "/api/v1/message/:ID/raw",
    { schema: { tags: ["messages"], summary: "The message source as received; `latest` honours `query`", params: IdParams, querystring: LatestQuery } },
    async (req, reply) => {
      const found = await lookupMessage(store, req.params.ID, req.query.query);
      if (!("message" in found)) return sendText(reply, found.status, found.error);
      return reply.type("text/plain; charset=utf-8").send(found.message.raw);
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
      // Mailpit answers `ok`, MailHog an empty body, which the npm `mailhog` client needs:
      // decided by what the client sent (body, Accept), see mailhog/delete-answer.ts.
      if (answersLikeMailHog(req.headers.accept, req.body)) return reply.code(200).send("");
      return sendText(reply, 200, "ok");
    },
  );
};
