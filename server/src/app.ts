// start(config): builds the store, the SMTP server and the HTTP app, wires
// them (store as the engine's sink and observer), and returns a handle.

import type { AddressInfo } from "node:net";
import { logActivity } from "./activity-log.js";
import { loadAuthFile } from "./auth-file.js";
import type { Config } from "./config.js";
import { buildHttp } from "./http/app.js";
import { checkAgainst } from "./smtp/auth.js";
import { SmtpServer } from "./smtp/server.js";
import { loadTls } from "./smtp/tls-context.js";
import type { AuthPolicy, EngineOptions } from "./smtp/types.js";
import { MemoryStore } from "./store/memory-store.js";

export interface Running {
  store: MemoryStore;
  smtpAddress: AddressInfo;
  httpAddress: AddressInfo;
  close(): Promise<void>;
}

export class StartupError extends Error {}

function describe(err: unknown, what: string): StartupError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") return new StartupError(`${what}: address already in use`);
  if (e.code === "EACCES") return new StartupError(`${what}: permission denied`);
  if (e.code === "EADDRNOTAVAIL") return new StartupError(`${what}: address not available on this machine`);
  return new StartupError(`${what}: ${e.message ?? String(err)}`);
}

async function authPolicy(config: Config): Promise<AuthPolicy> {
  if (config.authFile === null) return { required: config.authRequired, check: () => true };
  const users = await loadAuthFile(config.authFile).catch((err: unknown) => {
    throw describe(err, `--smtp-auth-file ${config.authFile}`);
  });
  return { required: config.authRequired, check: (c) => checkAgainst(users, c) };
}

export async function start(config: Config, log: (line: string) => void = () => {}): Promise<Running> {
  const files = config.tlsCert !== null && config.tlsKey !== null ? { certFile: config.tlsCert, keyFile: config.tlsKey } : null;
  const tls = await loadTls(files, config.smtpHostname).catch((err: unknown) => {
    throw describe(err, "TLS certificate");
  });
  const options: EngineOptions = {
    hostname: config.smtpHostname,
    maxMessageSize: config.smtpMaxSize,
    maxRecipients: config.smtpMaxRecipients,
    maxLineLength: config.smtpMaxLine,
    maxErrors: config.smtpMaxErrors,
    idleTimeoutMs: config.smtpIdleTimeoutMs,
    slowStepMs: config.smtpSlowStepMs,
    showSecrets: config.showSecrets,
    requireTls: config.requireTls,
    tls: tls.context,
    auth: await authPolicy(config),
  };
  const store = new MemoryStore({ maxMessages: config.maxMessages, maxSessions: config.maxSessions });
  const stopLogging = config.quiet ? () => {} : logActivity(store, log);
  const smtp = new SmtpServer(
    options,
    { host: config.smtp.host, port: config.smtp.port, implicitTls: config.implicitTls, maxConnections: config.smtpMaxConnections, tlsPem: { key: tls.key, cert: tls.cert } },
    store,
    store,
    log,
  );
  const http = await buildHttp({ store, webRoot: config.webRoot });
  const smtpAddress = await smtp.listen().catch((err: unknown) => {
    throw describe(err, `SMTP listener ${config.smtp.host}:${config.smtp.port}`);
  });
  try {
    await http.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await smtp.close();
    throw describe(err, `HTTP listener ${config.http.host}:${config.http.port}`);
  }
  const httpAddress = http.server.address() as AddressInfo;
  return {
    store,
    smtpAddress,
    httpAddress,
    async close() {
      stopLogging();
      await Promise.all([smtp.close(), http.close()]);
    },
  };
}
