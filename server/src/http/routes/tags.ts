// Mailpit's tags API: list, set on messages, rename and delete. Names are
// cleaned as Mailpit cleans them (see store/tags.ts); answers are "ok".

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import { sendText } from "../plain-text.js";
import { ErrorText } from "../schemas.js";

const TagName = Type.String({ maxLength: 200 });
const TagParams = Type.Object({ Tag: Type.String({ minLength: 1, maxLength: 200, description: "The tag, URL-encoded" }) });

export const tagRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/tags",
    { schema: { tags: ["tags"], summary: "Get all current tags (Mailpit), sorted", response: { 200: Type.Array(Type.String()) } } },
    async () => {
      await store.summariesReady();
      return store.allTags();
    },
  );

  app.put(
    "/api/v1/tags",
    {
      schema: {
        tags: ["tags"],
        summary: "Set message tags (Mailpit): replaces the tags of the listed messages; no Tags removes them all",
        description: "Tags keep letters, digits, space, dash, dot and underscore; other characters become spaces. Unknown IDs are skipped.",
        body: Type.Object({ IDs: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1 }), Tags: Type.Optional(Type.Array(TagName, { maxItems: 1000 })) }),
        response: { 200: Type.String(), 400: ErrorText },
      },
    },
    async (req, reply) => {
      store.setTags(req.body.IDs, req.body.Tags ?? []);
      return sendText(reply, 200, "ok");
    },
  );

  app.put(
    "/api/v1/tags/:Tag",
    {
      schema: {
        tags: ["tags"],
        summary: "Rename a tag (Mailpit); renaming onto an existing tag merges the two",
        params: TagParams,
        body: Type.Object({ Name: TagName }),
        response: { 200: Type.String(), 400: ErrorText },
      },
    },
    async (req, reply) => {
      const { Tag } = req.params;
      await store.summariesReady();
      if (!store.allTags().includes(Tag)) return sendText(reply, 400, `tag not found: ${JSON.stringify(Tag)}`);
      if (!store.renameTag(Tag, req.body.Name)) return sendText(reply, 400, `invalid tag name ${JSON.stringify(req.body.Name)}: use letters, digits, space, dash, dot or underscore`);
      return sendText(reply, 200, "ok");
    },
  );

  app.delete(
    "/api/v1/tags/:Tag",
    {
      schema: {
        tags: ["tags"],
        summary: "Delete a tag (Mailpit): removes it from every message, deletes no message",
        params: TagParams,
        response: { 200: Type.String(), 400: ErrorText },
      },
    },
    async (req, reply) => {
      // Deleting a tag nobody has leaves nothing to do: still "ok", so a cleanup step can run twice.
      await store.summariesReady();
      store.deleteTag(req.params.Tag);
      return sendText(reply, 200, "ok");
    },
  );
};
