// Mailscope's sessions: every SMTP conversation, stored mail or not, with
// its full transcript.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import { parseSessionQuery, SessionQueryError } from "../../store/session-filter.js";
import { ErrorText, IdParams, PagingQuery, SessionDetailSchema, SessionsSummarySchema } from "../schemas.js";
import { sessionDetail, sessionSummary } from "../shapes.js";
import { MAX_PAGE } from "./messages.js";
import { sendText } from "../plain-text.js";

export const sessionRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/sessions",
    {
      schema: {
        tags: ["sessions"],
        summary: "List SMTP sessions, newest first; `query` matches client address, HELO, AUTH user or error, with status:ok|failed|open, client:, helo:, auth:",
        querystring: Type.Intersect([PagingQuery, Type.Object({ query: Type.String({ default: "" }) })]),
        response: { 200: SessionsSummarySchema, 400: ErrorText },
      },
    },
    async (req, reply) => {
      const { start } = req.query;
      let filter;
      try {
        filter = parseSessionQuery(req.query.query);
      } catch (err) {
        if (err instanceof SessionQueryError) return sendText(reply, 400, err.message);
        throw err;
      }
      const page = store.listSessions(start, Math.min(req.query.limit, MAX_PAGE), filter);
      return { total: page.total, start, count: page.items.length, sessions: page.items.map(sessionSummary) };
    },
  );

  app.delete(
    "/api/v1/sessions",
    { schema: { tags: ["sessions"], summary: "Delete every closed session (open ones keep recording)", response: { 200: Type.String() } } },
    async (_req, reply) => {
      store.clearSessions();
      return sendText(reply, 200, "ok");
    },
  );

  app.get(
    "/api/v1/session/:ID",
    { schema: { tags: ["sessions"], summary: "One session with its whole transcript", params: IdParams, response: { 200: SessionDetailSchema, 404: ErrorText } } },
    async (req, reply) => {
      const session = store.getSession(req.params.ID);
      if (!session) return sendText(reply, 404, "session not found");
      return sessionDetail(session);
    },
  );
};
