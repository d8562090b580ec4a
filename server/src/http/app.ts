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
import { messageInsightRoutes } from "./routes/message-insight.js";
import { waitRoutes } from "./routes/wait.js";
import { messageRoutes } from "./routes/messages.js";
import { sessionRoutes } from "./routes/sessions.js";
import type { Faults } from "../faults/index.js";
import { chaosRoutes } from "./routes/chaos.js";
import { faultRoutes } from "./routes/faults.js";
import { jimRoutes } from "./routes/jim.js";
import { mailhogRoutes } from "./mailhog/routes.js";
import type { HostPort } from "../config.js";
import type { RelayConfig } from "../relay/config.js";
import { checkRoutes } from "./routes/checks.js";
import { mailboxActionRoutes } from "./routes/mailbox-actions.js";
import { singleMessageRoutes } from "./routes/message.js";
import { partRoutes } from "./routes/parts.js";
import { releaseRoutes } from "./routes/release.js";
import { sendRoutes } from "./routes/send.js";
import { tagRoutes } from "./routes/tags.js";
import { viewRoutes } from "./routes/view.js";
import { sendText } from "./plain-text.js";

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
  /** Scripted fault rules, with Mailpit chaos and MailHog Jim onto them. */
  faults: Faults;
  /** --smtp-relay-*: release sends through it; null or absent: release is refused. */
  relay?: RelayConfig | null;
  /** --enable-spamassassin: the spamd for sa-check; null or absent: sa-check says it is not enabled. */
  spamAssassin?: HostPort | null;
  /** Our name in EHLO when releasing. */
  smtpHostname?: string;
  /** POST /api/v1/send refuses bigger messages, as SMTP does (--smtp-max-size). */
  maxMessageSize?: number;
}

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  // forceCloseConnections: shutdown must not wait on a client that keeps a socket open.
  const app = Fastify({ logger: false, bodyLimit: deps.bodyLimit ?? 60 * 1024 * 1024, forceCloseConnections: true }).withTypeProvider<TypeBoxTypeProvider>();

  // Before any route plugin: children take the handler their parent has when they are registered.
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 ? err.statusCode : 500;
    // Validation and client errors say what was wrong; server errors do not leak internals.
    const text = status < 500 ? err.message : "internal error";
    return sendText(reply, status, text);
  });

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
  await app.register(singleMessageRoutes, { store: deps.store });
  await app.register(partRoutes, { store: deps.store });
  await app.register(mailboxActionRoutes, { store: deps.store });
  await app.register(tagRoutes, { store: deps.store });
  await app.register(checkRoutes, { store: deps.store, spamAssassin: deps.spamAssassin ?? null, version: deps.version });
  await app.register(releaseRoutes, { store: deps.store, relay: deps.relay ?? null, hostname: deps.smtpHostname ?? "mailscope" });
  await app.register(sendRoutes, { store: deps.store, maxMessageSize: deps.maxMessageSize ?? 50 * 1024 * 1024 });
  await app.register(viewRoutes, { store: deps.store });
  await app.register(waitRoutes, { store: deps.store });
  await app.register(messageInsightRoutes, { store: deps.store });
  await app.register(sessionRoutes, { store: deps.store });
  const hub = new FeedHub(deps.store, { version: deps.version, maxBuffered: 8 * 1024 * 1024, statsDelayMs: 250 });
  await app.register(eventRoutes, { hub, origins: { allowed: [...deps.allowedOrigins, ...deps.corsOrigins] } });
  await app.register(infoRoutes, { store: deps.store, stats: deps.stats, version: deps.version, smtpAddress: deps.smtpAddress, chaosEnabled: () => deps.faults.chaos.enabled, relay: deps.relay ?? null, spamAssassin: (deps.spamAssassin ?? null) !== null });
  await app.register(faultRoutes, { faults: deps.faults.registry });
  await app.register(chaosRoutes, { chaos: deps.faults.chaos });
  await app.register(jimRoutes, { jim: deps.faults.jim });
  await app.register(mailhogRoutes, { store: deps.store, origins: { allowed: [...deps.allowedOrigins, ...deps.corsOrigins] } });
  await registerDocsUi(app);


  return app;
}
