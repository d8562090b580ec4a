// buildHttp: the Fastify app. Ecosystem plugins first, then routes, one
// error handler. It reads the store and never the SMTP engine.

import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import fastifyWebsocket from "@fastify/websocket";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import type { RuntimeStats } from "../runtime-stats.js";
import type { MemoryStore } from "../store/memory-store.js";
import { registerAccess, type Users } from "./access.js";
import { registerDocs, registerDocsUi } from "./docs.js";
import { FeedHub } from "./feed/hub.js";
import { eventRoutes } from "./routes/events.js";
import { infoRoutes } from "./routes/info.js";
import { waitRoutes } from "./routes/wait.js";
import { messageRoutes } from "./routes/messages.js";
import { sessionRoutes } from "./routes/sessions.js";

export interface HttpDeps {
  store: MemoryStore;
  /** The built web app (web/dist); null or missing serves a note instead. */
  webRoot: string | null;
  /** Requests bigger than this get 413. */
  bodyLimit?: number;
  version: string;
  /** Origins besides our own that may open the feed. */
  allowedOrigins: readonly string[];
  /** Basic auth for the UI, API and feed; null for none. */
  users: Users | null;
  /** Origins allowed cross-origin API calls (--api-cors); none by default. */
  corsOrigins: readonly string[];
  stats: RuntimeStats;
  smtpAddress: () => string;
}

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  // forceCloseConnections: shutdown must not wait on a client that keeps a socket open.
  const app = Fastify({ logger: false, bodyLimit: deps.bodyLimit ?? 60 * 1024 * 1024, forceCloseConnections: true }).withTypeProvider<TypeBoxTypeProvider>();

  await registerAccess(app, { users: deps.users, corsOrigins: deps.corsOrigins });
  await registerDocs(app, deps.version);
  // The feed's ws server refuses frames over 64 KiB: clients only ever send small watch frames.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  if (deps.webRoot !== null && existsSync(deps.webRoot)) {
    await app.register(fastifyStatic, { root: deps.webRoot, index: "index.html" });
  } else {
    app.get("/", async (_req, reply) => reply.type("text/plain; charset=utf-8").send("Mailscope is running; the web UI is not built (run pnpm build).\n"));
  }

  await app.register(messageRoutes, { store: deps.store });
  await app.register(waitRoutes, { store: deps.store });
  await app.register(sessionRoutes, { store: deps.store });
  const hub = new FeedHub(deps.store, { version: deps.version, maxBuffered: 8 * 1024 * 1024, statsDelayMs: 250 });
  await app.register(eventRoutes, { hub, origins: { allowed: [...deps.allowedOrigins, ...deps.corsOrigins] } });
  await app.register(infoRoutes, { store: deps.store, stats: deps.stats, version: deps.version, smtpAddress: deps.smtpAddress, chaosEnabled: () => false });
  await registerDocsUi(app);

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 ? err.statusCode : 500;
    // Validation and client errors say what was wrong; server errors do not leak internals.
    const text = status < 500 ? err.message : "internal error";
    return reply.code(status).type("text/plain; charset=utf-8").send(text);
  });

  return app;
}
