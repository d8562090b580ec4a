// Mailscope's sessions: every SMTP conversation, stored mail or not, with
// its full transcript.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import { ErrorText, IdParams, PagingQuery, SessionDetailSchema, SessionsSummarySchema } from "../schemas.js";
import { sessionDetail, sessionSummary } from "../shapes.js";
import { MAX_PAGE } from "./messages.js";

export const sessionRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/sessions",
    { schema: { tags: ["sessions"], summary: "List SMTP sessions, newest first", querystring: PagingQuery, response: { 200: SessionsSummarySchema } } },
    async (req) => {
      const { start } = req.query;
      const page = store.listSessions(start, Math.min(req.query.limit, MAX_PAGE));
      return { total: page.total, start, count: page.items.length, sessions: page.items.map(sessionSummary) };
    },
  );

  app.get(
    "/api/v1/session/:ID",
    { schema: { tags: ["sessions"], summary: "One session with its whole transcript", params: IdParams, response: { 200: SessionDetailSchema, 404: ErrorText } } },
    async (req, reply) => {
      const session = store.getSession(req.params.ID);
      if (!session) return reply.code(404).type("text/plain; charset=utf-8").send("session not found");
      return sessionDetail(session);
    },
  );
};
