// GET /api/v1/messages/wait: block until N messages match a search, or answer
// 408 when the timeout passes. Woken by store events, never by polling; the
// end of "sleep and poll" loops in CI.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import { MessagesSummarySchema } from "../schemas.js";
import { MAX_PAGE, summaryPage } from "./messages.js";
import { sendText, badQuery } from "../plain-text.js";

export const MAX_WAIT_SECONDS = 300;

const WaitQuery = Type.Object({
  query: Type.String({ default: "", description: "Search in Mailpit's syntax; empty matches every message" }),
  count: Type.Integer({ minimum: 1, default: 1, description: "How many matching messages to wait for" }),
  timeout: Type.Number({ minimum: 0, maximum: MAX_WAIT_SECONDS, default: 30, description: "Seconds before 408" }),
  limit: Type.Integer({ minimum: 1, default: 50, description: "Messages listed in the answer, newest first (at most 1000)" }),
});

export const waitRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  app.get(
    "/api/v1/messages/wait",
    {
      schema: {
        tags: ["messages"],
        summary: "Wait until `count` messages match `query`; 408 after `timeout` seconds",
        querystring: WaitQuery,
        response: { 200: MessagesSummarySchema, 400: Type.String(), 408: Type.String() },
      },
    },
    async (req, reply) => {
      const { query, count, timeout } = req.query;
      const limit = Math.min(req.query.limit, MAX_PAGE);
      await store.prepareSearch(query); // the index and digests the test below needs, without holding up the server
      const { problems, test } = store.predicate(query);
      if (problems.length > 0) return sendText(reply, 400, badQuery(problems));
      const page = (): ReturnType<typeof summaryPage> => {
        const result = store.search(query, 0, limit);
        return summaryPage(store, 0, result.items, result.total, result.unread);
      };
      let matched = store.search(query, 0, 0).total;
      if (matched >= count) return page();
      const arrived = await new Promise<boolean>((resolve) => {
        let recounting = false;
        const done = (value: boolean): void => {
          unsubscribe();
          clearTimeout(timer);
          reply.raw.off("close", onClose);
          resolve(value);
        };
        // New mail is tested one message at a time, so a waiter costs almost nothing per
        // message however big the mailbox; deletes and read changes need a recount, once per tick.
        const unsubscribe = store.subscribe((e) => {
          if (e.type === "message-created") {
            if (test(e.message) && ++matched >= count) done(true);
          } else if (e.type.startsWith("message") && !recounting) {
            recounting = true;
            setImmediate(() => {
              recounting = false;
              matched = store.search(query, 0, 0).total;
              if (matched >= count) done(true);
            });
          }
        });
        const timer = setTimeout(() => done(false), timeout * 1000);
        const onClose = (): void => done(false); // the client gave up: stop listening
        reply.raw.on("close", onClose);
      });
      if (arrived) return page();
      return sendText(reply, 408, `timed out after ${timeout} s: fewer than ${count} messages match ${JSON.stringify(query)}`);
    },
  );
};
