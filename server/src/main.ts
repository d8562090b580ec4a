// CLI entry: argv + env -> Config -> start(); nothing else.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { StartupError, start } from "./app.js";
import { helpText } from "./config-options.js";
import { ConfigError, parseCommand } from "./config.js";
import { bufferedLog } from "./log-writer.js";
import { VERSION as version } from "./version.js";

const here = dirname(fileURLToPath(import.meta.url));
// server/dist/main.js and server/src/main.ts both sit two levels below the repository root.
const root = join(here, "..", "..");
const webRoot = join(root, "web", "dist");

const { log, flush: flushLog } = bufferedLog((text) => process.stdout.write(text));
// Whatever way the process ends, the last lines are written.
process.on("exit", flushLog);
const fatal = (line: string): never => {
  process.stderr.write(`mailscope: error: ${line}\n`);
  process.exit(1);
};

async function main(): Promise<void> {
  let command;
  try {
    command = parseCommand(process.argv.slice(2), process.env, existsSync(webRoot) ? webRoot : null);
  } catch (err) {
    if (err instanceof ConfigError) fatal(err.message);
    throw err;
  }
  if (command.action === "help") return void process.stdout.write(helpText(version));
  if (command.action === "version") return void process.stdout.write(`mailscope ${version}\n`);
  const config = command.config;
  const running = await start(config, log).catch((err: unknown) => fatal(err instanceof StartupError ? err.message : String(err)));
  const smtp = running.smtpAddress;
  const http = running.httpAddress;
  const host = (a: { address: string; family: string }): string => (a.family === "IPv6" ? `[${a.address}]` : a.address);
  log(`SMTP listening on ${host(smtp)}:${smtp.port}${config.implicitTls ? " (implicit TLS)" : ""}`);
  log(`HTTP (UI and API) listening on http://${host(http)}:${http.port}`);
  if (config.webRoot === null) log("web UI not built: run `pnpm build` to serve it");
  flushLog(); // scripts and supervisors wait for these lines

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: closing listeners`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => fatal(`while closing: ${String(err)}`),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => fatal(err instanceof Error ? (err.stack ?? err.message) : String(err)));
