// GET /api/v1/message/{ID}/part/{PartID}: an attachment or inline part as a
// download with a safe name and type; .../thumb: its 180x120 JPEG thumbnail.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { thumbnail } from "../../media/thumbnail.js";
import type { MemoryStore } from "../../store/memory-store.js";
import type { ParsedPart } from "../../store/parsed-view.js";
import { contentDisposition, PART_ID, safeFileName, servedAs } from "../download.js";
import { lookupMessage } from "../message-lookup.js";
import { sendText } from "../plain-text.js";
import { LatestQuery } from "../message-schemas.js";
import { ErrorText } from "../schemas.js";

const PartParams = Type.Object({
  ID: Type.String({ minLength: 1, maxLength: 64, description: "Message ID or `latest`" }),
  PartID: Type.String({ maxLength: 200, description: "Part ID as in the message's Attachments and Inline lists, like 2 or 1.2" }),
});

/** The sandbox keeps anything a browser renders from the part away from our origin. */
const PART_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

type PartLookup = { part: ParsedPart; messageId: string } | { status: 400 | 404; error: string };

async function findPart(store: MemoryStore, id: string, partId: string, query: string | undefined): Promise<PartLookup> {
  if (!PART_ID.test(partId)) return { status: 400, error: `invalid part ID ${JSON.stringify(partId.slice(0, 80))}: expected numbers separated by dots, like 2 or 1.2` };
  const found = await lookupMessage(store, id, query);
  if ("error" in found) return found;
  const view = await store.parsed(found.message.id);
  const part = view === undefined ? undefined : [...view.attachments, ...view.inline].find((p) => p.partId === partId);
  return part === undefined ? { status: 404, error: `part ${partId} not found` } : { part, messageId: found.message.id };
}

function sendPart(reply: FastifyReply, part: ParsedPart): FastifyReply {
  const { type, disposition } = servedAs(part.contentType);
  const name = safeFileName(part.filename || part.contentId, `part-${part.partId}`);
  return reply
    .header("content-type", type)
    .header("content-disposition", contentDisposition(disposition, name))
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", PART_CSP)
    .send(part.content);
}

async function sendThumbnail(reply: FastifyReply, part: ParsedPart): Promise<FastifyReply> {
  const jpeg = await thumbnail(part.contentType, part.content);
  const name = safeFileName(`${part.filename || part.contentId || `part-${part.partId}`}.jpg`, "thumbnail.jpg");
  return reply.type("image/jpeg").header("content-disposition", contentDisposition("inline", name)).header("x-content-type-options", "nosniff").send(jpeg);
}

export const partRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/message/:ID/part/:PartID",
    {
      schema: {
        tags: ["message"],
        summary: "Get message attachment (Mailpit): the part's content; active types (HTML, SVG, XML) are served as downloads",
        params: PartParams,
        querystring: LatestQuery,
        response: { 400: ErrorText, 404: ErrorText },
      },
    },
    async (req, reply) => {
      const found = await findPart(store, req.params.ID, req.params.PartID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      return sendPart(reply, found.part);
    },
  );

  app.get(
    "/api/v1/message/:ID/part/:PartID/thumb",
    {
      schema: {
        tags: ["message"],
        summary: "Get an attachment image thumbnail (Mailpit): 180x120 JPEG; a blank one for parts that are not images",
        params: PartParams,
        querystring: LatestQuery,
        response: { 400: ErrorText, 404: ErrorText },
      },
    },
    async (req, reply) => {
      const found = await findPart(store, req.params.ID, req.params.PartID, req.query.query);
      if ("error" in found) return sendText(reply, found.status, found.error);
      return sendThumbnail(reply, found.part);
    },
  );
};
