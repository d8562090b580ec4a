// `pnpm start`: run Mailscope for a user, building it first when needed.
//
// Plain ESM JavaScript on purpose: this must run before anything is built, so
// it cannot depend on TypeScript tooling or on any workspace package.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Resolve from this file rather than the cwd, so `node scripts/start.mjs`
// works from any directory, not only through `pnpm start` at the root.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const serverEntry = join(root, "server", "dist", "main.js");
const webIndex = join(root, "web", "dist", "index.html");

// The signals a user or a supervisor (docker, systemd, a CI runner) sends to
// stop us. Node cannot replace its own process image (no exec), so we stay as
// a parent and pass each signal on; otherwise the child would be orphaned or
// killed without its graceful shutdown.
const FORWARDED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Spawns a child with inherited stdio, forwarding our stop signals to it. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    const forward = (signal) => {
      // A Ctrl-C in a terminal reaches the child directly too (same process
      // group); the server treats a repeated stop signal as the same request.
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const cleanup = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once("error", (err) => {
      cleanup();
      reject(err);
    });
    child.once("exit", (code, signal) => {
      cleanup();
      resolve({ code, signal });
    });
  });
}

/** Ends this process the way the child ended, so callers see the same outcome. */
function exitLike({ code, signal }) {
  if (signal !== null) {
    // Re-raise so a parent sees "killed by SIGxxx", not a made-up exit code.
    // Our forwarding handlers are gone by now, so the default action applies.
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
}

async function main() {
  // Build only when an artefact is missing: a fresh clone should "just work",
  // but rebuilding on every start would make restarts slow. After editing
  // sources, run `pnpm build` yourself (or use `pnpm dev`).
  if (!existsSync(serverEntry) || !existsSync(webIndex)) {
    console.error("mailscope: build output missing, running `pnpm build` first…");
    let build;
    try {
      build = await run("pnpm", ["build"]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      console.error(`mailscope: could not run pnpm (${reason}); install pnpm 12.4.2 and run \`pnpm build\`.`);
      process.exit(1);
    }
    if (build.code !== 0 || build.signal !== null) {
      console.error("mailscope: `pnpm build` failed; not starting.");
      exitLike(build);
      return;
    }
  }

  // process.execPath rather than "node": the same Node that runs this script,
  // whatever PATH says.
  const result = await run(process.execPath, [serverEntry, ...process.argv.slice(2)]);
  exitLike(result);
}

await main();
