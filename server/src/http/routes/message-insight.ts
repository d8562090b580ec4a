// Mailscope's views of one message beyond Mailpit's: the transcript of its
// own transaction, and the links, one-time codes and pattern matches in it.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { findCodes } from "../../extract/codes.js";
import { findLinks } from "../../extract/links.js";
import { compilePattern, matchPattern, PatternError } from "../../extract/pattern.js";
import type { MemoryStore } from "../../store/memory-store.js";
import { htmlToText } from "../../store/mime/html-text.js";
import { ErrorText, IdParams, TranscriptEntrySchema } from "../schemas.js";
import { lookupMessage } from "../message-lookup.js";
import { sendText } from "../plain-text.js";
import { LatestQuery } from "../message-schemas.js";

const TranscriptSpanSchema = Type.Object({
  ID: Type.String(),
  SessionID: Type.String(),
  /** Empty when the session has been pruned or deleted since. */
  Entries: Type.Array(TranscriptEntrySchema),
  First: Type.Integer(),
  Last: Type.Integer(),
});

const ExtractSchema = Type.Object({
  ID: Type.String(),
  Links: Type.Array(Type.Object({ URL: Type.String(), Text: Type.String(), Source: Type.String() })),
  Codes: Type.Array(Type.Object({ Code: Type.String(), Context: Type.String() })),
  Matches: Type.Array(Type.Object({ Match: Type.String(), Groups: Type.Array(Type.String()) })),
});

export const messageInsightRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/message/:ID/transcript",
    { schema: { tags: ["sessions"], summary: "The SMTP transcript of this message's own transaction (MAIL to the reply after the data)", params: IdParams, querystring: LatestQuery, response: { 200: TranscriptSpanSchema, 400: ErrorText, 404: ErrorText } } },
    async (req, reply) => {
      const found = await lookupMessage(store, req.params.ID, req.query.query);
      if (!("message" in found)) return sendText(reply, found.status, found.error);
      const message = found.message;
      const session = store.getSession(message.sessionId);
      const { First, Last } = message.span;
      const entries = session === undefined ? [] : session.transcript.span(First, Last);
      return { ID: message.id, SessionID: message.sessionId, Entries: entries, First, Last };
    },
  );

  app.get(
    "/api/v1/message/:ID/extract",
    {
      schema: {
        tags: ["messages"],
        summary: "Links (URL and text) and one-time codes in the message; `pattern`, a regular expression, adds its matches with capture groups",
        params: IdParams,
        querystring: Type.Intersect([LatestQuery, Type.Object({ pattern: Type.Optional(Type.String({ maxLength: 500 })) })]),
        response: { 200: ExtractSchema, 400: ErrorText, 404: ErrorText },
      },
    },
    async (req, reply) => {
      let pattern: RegExp | null = null;
      try {
        pattern = req.query.pattern === undefined || req.query.pattern === "" ? null : compilePattern(req.query.pattern);
      } catch (err) {
        if (err instanceof PatternError) return sendText(reply, 400, err.message);
        throw err;
      }
      const found = await lookupMessage(store, req.params.ID, req.query.query);
      if (!("message" in found)) return sendText(reply, found.status, found.error);
      const message = found.message;
      const view = await store.parsed(message.id);
      if (view === undefined) return sendText(reply, 404, "message not found"); // deleted meanwhile
      // An HTML-only message has no text part: read the codes from its rendered text instead.
      const plain = view.text !== "" ? view.text : htmlToText(view.html);
      return {
        ID: message.id,
        Links: findLinks(view.text, view.html),
        Codes: findCodes(plain),
        Matches: pattern === null ? [] : matchPattern(pattern, `${plain}\n${view.html}`),
      };
    },
  );
};
