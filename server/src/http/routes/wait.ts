// GET /api/v1/messages/wait: block until N messages match a search, or answer
// 408 when the timeout passes. Woken by store events, never by polling; the
// end of "sleep and poll" loops in CI.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import type { SearchResult } from "../../store/search/searcher.js";
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
      await store.prepareSearch(query); // the free-text index the test below needs, built without holding up the server
      const { problems, test } = store.predicate(query);
      if (problems.length > 0) return sendText(reply, 400, badQuery(problems));
      // Matches = those among the messages present when the last count started (counted in slices,
      // so a big mailbox holds nothing up) + matching messages delivered since, tested one at a time:
      // a waiter costs almost nothing per new message however big the mailbox. Deletes and read
      // changes call for a new count.
      let counted: SearchResult | null = null; // with the first page, the answer when no mail came since
      let arrivals = 0;
      let counting = false;
      let recount = false;
      let over = false;
      let finish: (arrived: boolean) => void = () => {};
      const arrived = new Promise<boolean>((resolve) => (finish = resolve));
      const check = (): void => {
        if (!counting && (counted?.total ?? 0) + arrivals >= count) finish(true);
      };
      const countAll = async (): Promise<void> => {
        counting = true;
        do {
          recount = false;
          arrivals = 0; // the count below starts now, in this turn: later mail is the subscription's
          counted = await store.searchInSlices(query, 0, limit);
        } while (recount && !over);
        counting = false;
        check();
      };
      const unsubscribe = store.subscribe((e) => {
        if (e.type === "message-created") {
          if (test(e.message)) arrivals++;
          check();
        } else if (e.type.startsWith("message")) {
          if (counting) recount = true;
          else void countAll();
        }
      });
      const timer = setTimeout(() => finish(false), timeout * 1000);
      const onClose = (): void => finish(false); // the client gave up: stop listening
      reply.raw.on("close", onClose);
      void countAll();
      const ok = await arrived;
      over = true;
      unsubscribe();
      clearTimeout(timer);
      reply.raw.off("close", onClose);
      if (ok) {
        const result = arrivals === 0 && counted !== null ? counted : await store.searchInSlices(query, 0, limit);
        return summaryPage(store, 0, result.items, result.total, result.unread);
      }
      return sendText(reply, 408, `timed out after ${timeout} s: fewer than ${count} messages match ${JSON.stringify(query)}`);
    },
  );
};
