// Searches wait for their costly groundwork without stopping the server. A
// free-text search over a big mailbox nobody has searched yet must build the
// free-text index first (at 100,000 12 KB messages, a minute of work), and a
// has: search must read every body once (16-23 s); done inside the search it
// would hold up every SMTP session and request meanwhile. This hook does it
// before the handler runs (store.prepareSearch), in slices with the event loop
// running between them, for every request whose `query` is a message search:
// the search and wait endpoints, and `latest` lookups. The session list's `query` is not a
// message search, and MailHog's search and the Search field of PUT
// /api/v1/messages say their queries in other words: those routes call
// store.prepareSearch themselves.

import type { FastifyInstance, FastifyRequest } from "fastify";
import type { MemoryStore } from "../store/memory-store.js";

const NOT_MESSAGE_SEARCH = ["/api/v1/sessions", "/api/v2/"];

function messageQuery(req: FastifyRequest): string | null {
  const url = req.routeOptions.url ?? "";
  if (NOT_MESSAGE_SEARCH.some((prefix) => url.startsWith(prefix))) return null;
  const query = (req.query as { query?: unknown } | null)?.query;
  if (typeof query !== "string" || query.trim() === "") return null;
  // On a message route the query only counts when the ID is `latest`.
  const id = (req.params as { ID?: unknown } | null)?.ID;
  return id === undefined || id === "latest" ? query : null;
}

export function registerSearchReady(app: FastifyInstance, store: MemoryStore): void {
  app.addHook("preHandler", async (req) => {
    const query = messageQuery(req);
    if (query !== null) await store.prepareSearch(query);
  });
}
