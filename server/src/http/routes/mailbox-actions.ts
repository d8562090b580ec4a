// Mailpit's bulk changes: PUT /api/v1/messages (read or unread, by IDs, by
// search, or all) and DELETE /api/v1/search. A search we cannot read fully is
// refused with a 400 that says why: acting on a query with a filter dropped
// would touch more messages than the user meant.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import { sendText } from "../plain-text.js";
import { ErrorText } from "../schemas.js";

const Tz = Type.Optional(Type.String({ maxLength: 64, description: "Accepted for Mailpit clients; before: and after: use the server's time zone" }));

const ReadStatusBody = Type.Object({
  IDs: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { description: "Messages to change; none (and no Search) means all" })),
  Read: Type.Optional(Type.Boolean({ default: false })),
  Search: Type.Optional(Type.String({ maxLength: 4096, description: "Change the messages matching this search instead" })),
});

type Matched = { ids: string[] } | { error: string };

async function matching(store: MemoryStore, query: string): Promise<Matched> {
  const result = await store.searchWhenReady(query, 0, Number.MAX_SAFE_INTEGER);
  if (result.problems.length > 0) return { error: `bad query: ${result.problems.join("; ")}` };
  return { ids: result.items.map((m) => m.id) };
}

export const mailboxActionRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.put(
    "/api/v1/messages",
    {
      schema: {
        tags: ["messages"],
        summary: "Set read status (Mailpit): of the listed IDs, of the messages matching Search, or of all",
        querystring: Type.Object({ tz: Tz }),
        body: ReadStatusBody,
        response: { 200: Type.String(), 400: ErrorText },
      },
    },
    async (req, reply) => {
      const { IDs = [], Read = false, Search = "" } = req.body;
      if (IDs.length > 0 && Search.trim() !== "") return sendText(reply, 400, "You may specify either IDs or a search query, not both");
      let ids = IDs;
      if (Search.trim() !== "") {
        const found = await matching(store, Search);
        if ("error" in found) return sendText(reply, 400, found.error);
        ids = found.ids;
      } else if (IDs.length === 0) {
        ids = store.listMessages(0, Number.MAX_SAFE_INTEGER).items.map((m) => m.id);
      }
      store.setRead(ids, Read);
      return sendText(reply, 200, "ok");
    },
  );

  app.delete(
    "/api/v1/search",
    {
      schema: {
        tags: ["messages"],
        summary: "Delete messages by search (Mailpit)",
        querystring: Type.Object({ query: Type.String({ default: "", maxLength: 4096 }), tz: Tz }),
        response: { 200: Type.String(), 400: ErrorText },
      },
    },
    async (req, reply) => {
      if (req.query.query.trim() === "") return sendText(reply, 400, "no search query: give ?query=...");
      const found = await matching(store, req.query.query);
      if ("error" in found) return sendText(reply, 400, found.error);
      store.deleteMessages(found.ids);
      return sendText(reply, 200, "ok");
    },
  );
};
