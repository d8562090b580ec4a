// MailHog's API beside Mailpit's, so MailHog users can switch: v2 list and
// search, v1 message, download, delete and release, and the v2 websocket.
// (Jim at /api/v2/jim belongs to the faults; DELETE /api/v1/messages is
// Mailpit's route, which answers MailHog clients too: see delete-answer.ts.)
// MailHog's GET /api/v1/messages list is not served: that path is Mailpit's.
//
// Errors keep MailHog's form, a status with an empty body: the npm `mailhog`
// client JSON-parses any body it gets, so a text reason would turn a clear
// status into a parse error. The reason goes in an X-Mailscope-Error header.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyError, FastifyReply } from "fastify";
import type { MemoryStore } from "../../store/memory-store.js";
import type { OriginPolicy } from "../feed/origin.js";
import { canonicalReleaseKeys, relay, ReleaseInputError } from "./release.js";
import { MAILHOG_DEFAULT_PAGE, MAILHOG_MAX_PAGE, MailHogIdParams, MailHogMessageSchema, MailHogMessagesSchema, MailHogPageQuery, MailHogSearchQuery, ReleaseBody } from "./schemas.js";
import { kindQueries, searchAny, SearchProblem } from "./search.js";
import { mailhogMessage, mailhogPage } from "./shapes.js";
import { MailHogSocketFeed, registerMailHogSocket } from "./websocket.js";

export interface MailHogOptions {
  store: MemoryStore;
  /** The feed's origin policy; the websocket checks Origin the same way. */
  origins: OriginPolicy;
}

export const ERROR_HEADER = "x-mailscope-error";

function fail(reply: FastifyReply, status: number, reason: string): FastifyReply {
  // Header values are one line of printable ASCII; anything else becomes "?".
  const text = reason.replace(/[^\x20-\x7e]/g, "?").slice(0, 300);
  return reply.code(status).header(ERROR_HEADER, text).send();
}

/** MailHog's paging: a zero limit means the default, and no page is longer than 250. */
const pageSize = (limit: number): number => (limit === 0 ? MAILHOG_DEFAULT_PAGE : Math.min(limit, MAILHOG_MAX_PAGE));

const tags = ["mailhog"];

export const mailhogRoutes: FastifyPluginAsyncTypebox<MailHogOptions> = async (app, { store, origins }) => {
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 ? err.statusCode : 500;
    return fail(reply, status, status < 500 ? err.message : "internal error");
  });
  // MailHog reads the release body as JSON whatever its Content-Type, and the npm client sends none.
  app.addContentTypeParser("*", { parseAs: "string", bodyLimit: 64 * 1024 }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body)) as unknown);
    } catch {
      done(Object.assign(new Error("the body is not JSON"), { statusCode: 400 }), undefined);
    }
  });

  app.get("/api/v2/messages", { schema: { tags, summary: "MailHog: messages, newest first", querystring: MailHogPageQuery, response: { 200: MailHogMessagesSchema } } }, async (req) => {
    const { start } = req.query;
    const page = store.listMessages(start, pageSize(req.query.limit));
    return mailhogPage(start, page.items, page.total);
  });

  app.get("/api/v2/search", { schema: { tags, summary: "MailHog: search by kind (from, to, containing), newest first", querystring: MailHogSearchQuery, response: { 200: MailHogMessagesSchema } } }, async (req, reply) => {
    const { kind, query, start } = req.query;
    const queries = kindQueries(kind, query);
    if (queries === null) return fail(reply, 400, "query has nothing to search for");
    try {
      const page = await searchAny(store, queries, start, pageSize(req.query.limit));
      return mailhogPage(start, page.items, page.total);
    } catch (err) {
      if (err instanceof SearchProblem) return fail(reply, 400, err.message);
      throw err;
    }
  });

  app.get("/api/v1/messages/:id", { schema: { tags, summary: "MailHog: one message", params: MailHogIdParams, response: { 200: MailHogMessageSchema } } }, async (req, reply) => {
    const message = store.getMessage(req.params.id);
    if (message === undefined) return fail(reply, 404, "message not found");
    return mailhogMessage(message);
  });

  app.get("/api/v1/messages/:id/download", { schema: { tags, summary: "MailHog: the message as an .eml download", params: MailHogIdParams } }, async (req, reply) => {
    const message = store.getMessage(req.params.id);
    if (message === undefined) return fail(reply, 404, "message not found");
    return reply.type("message/rfc822").header("content-disposition", `attachment; filename="${message.id}.eml"`).send(message.raw);
  });

  app.delete("/api/v1/messages/:id", { schema: { tags, summary: "MailHog: delete one message (empty answer)", params: MailHogIdParams } }, async (req, reply) => {
    if (store.deleteMessages([req.params.id]).length === 0) return fail(reply, 404, "message not found");
    return reply.code(200).send();
  });

  app.post(
    "/api/v1/messages/:id/release",
    {
      bodyLimit: 64 * 1024,
      // Before validation, so the schema sees `Host` whether the client wrote host, HOST or Host.
      preValidation: async (req) => {
        req.body = canonicalReleaseKeys(req.body) as typeof req.body;
      },
      schema: { tags, summary: "MailHog: relay the message as received to Host:Port for Email (empty answer)", params: MailHogIdParams, body: ReleaseBody },
    },
    async (req, reply) => {
      const message = store.getMessage(req.params.id);
      if (message === undefined) return fail(reply, 404, "message not found");
      try {
        await relay(message, req.body);
      } catch (err) {
        if (err instanceof ReleaseInputError) return fail(reply, 400, err.message);
        return fail(reply, 500, `release failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      return reply.code(200).send();
    },
  );

  registerMailHogSocket(app, new MailHogSocketFeed(store, 8 * 1024 * 1024), origins);
};
