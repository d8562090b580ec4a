// start(config): builds the store, the SMTP server and the HTTP app, wires
// them (store as the engine's sink and observer), and returns a handle.

import type { AddressInfo } from "node:net";
import { logActivity } from "./activity-log.js";
import { loadAuthFile } from "./auth-file.js";
import type { Config } from "./config.js";
import { createFaults, type Faults } from "./faults/index.js";
import { readRulesFile } from "./faults/load.js";
import type { RuleSource } from "./faults/registry.js";
import type { RuleSpec } from "./faults/rule.js";
import { buildHttp } from "./http/app.js";
import { checkAgainst } from "./smtp/auth.js";
import { SmtpServer } from "./smtp/server.js";
import { loadTls } from "./smtp/tls-context.js";
import type { AuthPolicy, EngineOptions } from "./smtp/types.js";
import { MemoryStore } from "./store/memory-store.js";
import { VERSION } from "./version.js";
import { RuntimeStats } from "./runtime-stats.js";

export interface Running {
  store: MemoryStore;
  smtpAddress: AddressInfo;
  httpAddress: AddressInfo;
  /** The fault rules the engine consults (the API edits the same ones). */
  faults: Faults;
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

/** --fault rules first, then the --faults file's, in their order: rules are tried in the order they were added. */
async function faultsFrom(config: Config): Promise<Faults> {
  const rules: Array<{ spec: RuleSpec; source: RuleSource }> = (config.faultRules ?? []).map((spec) => ({ spec, source: "cli" }));
  const file = config.faultsFile ?? null;
  if (file !== null) {
    const specs = await readRulesFile(file).catch((err: unknown) => {
      throw describe(err, `--faults ${file}`);
    });
    rules.push(...specs.map((spec) => ({ spec, source: "file" as const })));
  }
  return createFaults({ rules, enableChaos: config.enableChaos ?? false, chaosTriggers: config.chaosTriggers ?? null });
}

/** --max-age: sweep often enough that nothing outlives its age by more than a tenth of it (at most a minute). */
function sweepOnTimer(store: MemoryStore, maxAgeMs: number): () => void {
  if (maxAgeMs <= 0) return () => {};
  const timer = setInterval(() => store.sweepExpired(), Math.max(1000, Math.min(60_000, maxAgeMs / 10)));
  timer.unref();
  return () => clearInterval(timer);
}

export async function start(config: Config, log: (line: string) => void = () => {}): Promise<Running> {
  const files = config.tlsCert !== null && config.tlsKey !== null ? { certFile: config.tlsCert, keyFile: config.tlsKey } : null;
  const tls = await loadTls(files, config.smtpHostname).catch((err: unknown) => {
    throw describe(err, "TLS certificate");
  });
  const faults = await faultsFrom(config);
  const preset = faults.registry.list().length;
  if (preset > 0) log(`${preset} fault rule${preset === 1 ? "" : "s"} from the command line and --faults (GET /api/v1/faults lists them)`);
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
    faults: faults.registry,
  };
  const store = new MemoryStore({ maxMessages: config.maxMessages, maxBytes: config.maxBytes, maxAgeMs: config.maxAgeMs, maxSessions: config.maxSessions });
  const stopSweeping = sweepOnTimer(store, config.maxAgeMs);
  const stopLogging = config.quiet ? () => {} : logActivity(store, log);
  const smtp = new SmtpServer(
    options,
    { host: config.smtp.host, port: config.smtp.port, implicitTls: config.implicitTls, maxConnections: config.smtpMaxConnections, tlsPem: { key: tls.key, cert: tls.cert } },
    store,
    store,
    log,
  );
  const users = config.uiAuthFile === null ? null : await loadAuthFile(config.uiAuthFile).catch((err: unknown) => {
    throw describe(err, `--ui-auth-file ${config.uiAuthFile}`);
  });
  const stats = new RuntimeStats(store);
  let smtpListening = `${config.smtp.host}:${config.smtp.port}`;
  const http = await buildHttp({
    store,
    webRoot: config.webRoot,
    version: VERSION,
    allowedOrigins: config.allowedOrigins,
    users,
    corsOrigins: config.apiCors,
    stats,
    smtpAddress: () => smtpListening,
    faults,
    relay: config.relay ?? null,
    spamAssassin: config.spamAssassin ?? null,
    smtpHostname: config.smtpHostname,
    maxMessageSize: config.smtpMaxSize,
  });
  const smtpAddress = await smtp.listen().catch((err: unknown) => {
    throw describe(err, `SMTP listener ${config.smtp.host}:${config.smtp.port}`);
  });
  smtpListening = smtpAddress.family === "IPv6" ? `[${smtpAddress.address}]:${smtpAddress.port}` : `${smtpAddress.address}:${smtpAddress.port}`;
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
    faults,
    async close() {
      stopLogging();
      stats.stop();
      stopSweeping();
      // A client can hold an upgraded socket open; shutdown waits for it at most 2 s.
      const httpClosed = Promise.race([http.close(), new Promise<void>((r) => setTimeout(r, 2000).unref())]);
      await Promise.all([smtp.close(), httpClosed]);
    },
  };
}
