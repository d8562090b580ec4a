// buildHttp: the Fastify app. Ecosystem plugins first, then routes, one
// error handler. It reads the store and never the SMTP engine.

import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import type { MemoryStore } from "../store/memory-store.js";
import { messageRoutes } from "./routes/messages.js";
import { sessionRoutes } from "./routes/sessions.js";

export interface HttpDeps {
  store: MemoryStore;
  /** The built web app (web/dist); null or missing serves a note instead. */
  webRoot: string | null;
  /** Requests bigger than this get 413. */
  bodyLimit?: number;
}

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: deps.bodyLimit ?? 60 * 1024 * 1024 }).withTypeProvider<TypeBoxTypeProvider>();

  if (deps.webRoot !== null && existsSync(deps.webRoot)) {
    await app.register(fastifyStatic, { root: deps.webRoot, index: "index.html" });
  } else {
    app.get("/", async (_req, reply) => reply.type("text/plain; charset=utf-8").send("Mailscope is running; the web UI is not built (run pnpm build).\n"));
  }

  await app.register(messageRoutes, { store: deps.store });
  await app.register(sessionRoutes, { store: deps.store });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 ? err.statusCode : 500;
    // Validation and client errors say what was wrong; server errors do not leak internals.
    const text = status < 500 ? err.message : "internal error";
    return reply.code(status).type("text/plain; charset=utf-8").send(text);
  });

  return app;
}
