// Mailpit's checks on one message: html-check (caniemail data), link-check
// (only when asked: it makes requests to the links in captured mail) and
// sa-check (a spamd given with --enable-spamassassin; a clear 400 otherwise).

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { linkCheck } from "../../checks/link-check.js";
import { spamCheck } from "../../checks/spamassassin.js";
import type { HostPort } from "../../config.js";
import type { MemoryStore } from "../../store/memory-store.js";
import { lookupMessage } from "../message-lookup.js";
import { sendText } from "../plain-text.js";
import { HtmlCheckSchema, LatestQuery, LinkCheckSchema, MessageIdParams, SpamAssassinSchema } from "../message-schemas.js";
import { ErrorText } from "../schemas.js";

export interface CheckOptions {
  store: MemoryStore;
  /** spamd's address (--enable-spamassassin); null when not enabled. */
  spamAssassin: HostPort | null;
  version: string;
}

export const NOT_ENABLED = "SpamAssassin is not enabled: start Mailscope with --enable-spamassassin host:port (a spamd to ask)";

const LinkQuery = Type.Object({
  ...LatestQuery.properties,
  follow: Type.String({ default: "false", description: "Follow redirects: true or 1 (Mailpit's values)" }),
  timeout: Type.Number({ minimum: 0.1, maximum: 60, default: 10, description: "Mailscope: seconds to wait for each link" }),
});

export const checkRoutes: FastifyPluginAsyncTypebox<CheckOptions> = async (app, o) => {
  const errors = { 400: ErrorText, 404: ErrorText };

  app.get(
    "/api/v1/message/:ID/html-check",
    { schema: { tags: ["other"], summary: "HTML check (Mailpit): the HTML and CSS features used, and their support per email client (caniemail)", params: MessageIdParams, querystring: LatestQuery, response: { 200: HtmlCheckSchema, ...errors } } },
    async (req, reply) => {
      const found = await lookupMessage(o.store, req.params.ID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      const view = await o.store.parsed(found.message.id);
      if (view === undefined) return sendText(reply, 404, "message not found");
      if (view.html === "") return sendText(reply, 400, "message does not contain HTML");
      // Loaded on first use: caniemail's data and its dependencies are large, and most runs never ask.
      const { htmlCheck } = await import("../../checks/html-check.js");
      return htmlCheck(view.html);
    },
  );

  app.get(
    "/api/v1/message/:ID/link-check",
    { schema: { tags: ["other"], summary: "Link check (Mailpit): HEAD request to every http(s) link in the message", params: MessageIdParams, querystring: LinkQuery, response: { 200: LinkCheckSchema, ...errors } } },
    async (req, reply) => {
      const follow = req.query.follow.toLowerCase();
      if (!["true", "1", "false", "0", ""].includes(follow)) return sendText(reply, 400, `follow must be true or false, not ${JSON.stringify(req.query.follow)}`);
      const found = await lookupMessage(o.store, req.params.ID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      const view = await o.store.parsed(found.message.id);
      if (view === undefined) return sendText(reply, 404, "message not found");
      return linkCheck(view.text, view.html, { follow: follow === "true" || follow === "1", timeoutMs: req.query.timeout * 1000, userAgent: `Mailscope/${o.version}` });
    },
  );

  app.get(
    "/api/v1/message/:ID/sa-check",
    { schema: { tags: ["other"], summary: "SpamAssassin check (Mailpit): needs --enable-spamassassin; 400 otherwise", params: MessageIdParams, querystring: LatestQuery, response: { 200: SpamAssassinSchema, ...errors } } },
    async (req, reply) => {
      if (o.spamAssassin === null) return sendText(reply, 400, NOT_ENABLED);
      const found = await lookupMessage(o.store, req.params.ID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      return spamCheck(o.spamAssassin, found.message.raw);
    },
  );
};
