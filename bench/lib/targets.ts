// The two SMTP servers under test: Postfix's smtp-sink (the reference, which
// throws mail away) and Mailscope (which parses and stores every message).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { HOST, freePort, waitForSmtp } from "./net.js";
import { type Started, describeExit, run, start, stop } from "./proc.js";

export interface Verification {
  /** Messages the target reports as stored; null when it stores nothing (smtp-sink). */
  stored: number | null;
  /** From smtp-source's exit until the store showed every message. */
  settleMs: number | null;
}

export interface Target {
  readonly label: string;
  /** How it was started, for reports. */
  readonly commandLine: string;
  readonly smtpPort: number;
  /** Mailscope only: the API's base URL. */
  readonly httpBase?: string;
  /** The server's process ID (for reading its memory). */
  readonly pid: number;
  /** Throws unless the target is ready for a run (Mailscope: an empty store). */
  beforeRun(): Promise<void>;
  /** Throws unless the target holds exactly `expected` messages, then empties it. */
  verifyAndClear(expected: number): Promise<Verification>;
  /** Server output tail, for failure reports. */
  outputTail(lines: number): string[];
  stop(): Promise<void>;
}

function outputOf(p: Started, lines: number): string[] {
  const out = [...p.stdout.lastLines(lines).map((l) => `stdout: ${l}`), ...p.stderr.lastLines(lines).map((l) => `stderr: ${l}`)];
  return out.length > 0 ? out : ["(nothing)"];
}

function exitedReason(p: Started): string | null {
  const exit = p.exitInfo();
  if (exit === null) return null;
  const detail = outputOf(p, 5).join("\n  ");
  return `${p.name} exited during startup (${describeExit(exit)})${detail ? `:\n  ${detail}` : ""}`;
}

// ---------------------------------------------------------------------------
// smtp-sink

/** smtp-sink's arguments. No delay options (-w, -W, -H, -A): it answers at once. */
export function sinkArgs(port: number, backlog: number): string[] {
  return [
    // Required when running as root: drop to this user after binding.
    ...(process.getuid?.() === 0 ? ["-u", "nobody"] : []),
    `${HOST}:${port}`,
    String(backlog),
  ];
}

export async function startSink(tool: string, backlog: number, label = "smtp-sink"): Promise<Target> {
  let lastError: unknown = null;
  // The free port can be taken between our probe and smtp-sink's bind: retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = sinkArgs(port, backlog);
    const p = await start(label, tool, args);
    try {
      const greeting = await waitForSmtp(port, 10_000, () => exitedReason(p));
      if (!greeting.includes("smtp-sink")) throw new Error(`port ${port} answered "${greeting}", not smtp-sink`);
    } catch (err) {
      lastError = err;
      await stop(p);
      continue;
    }
    return {
      label,
      pid: p.pid,
      commandLine: ["smtp-sink", ...args].join(" "),
      smtpPort: port,
      beforeRun: () => {
        const reason = exitedReason(p);
        return reason === null ? Promise.resolve() : Promise.reject(new Error(reason));
      },
      // smtp-sink keeps nothing; smtp-source's own checks (exit code, -c counter) cover it.
      verifyAndClear: () => {
        const reason = exitedReason(p);
        return reason === null ? Promise.resolve({ stored: null, settleMs: null }) : Promise.reject(new Error(reason));
      },
      outputTail: (lines) => outputOf(p, lines),
      stop: async () => {
        await stop(p);
      },
    };
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

// ---------------------------------------------------------------------------
// Mailscope

interface MailscopeApi {
  total(): Promise<number>;
  clear(): Promise<void>;
}

function api(base: string): MailscopeApi {
  const request = async (method: "GET" | "DELETE", path: string, body?: unknown): Promise<string> => {
    const response = await fetch(`${base}${path}`, {
      method,
      signal: AbortSignal.timeout(30_000),
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    return text;
  };
  return {
    async total() {
      const text = await request("GET", "/api/v1/messages?limit=1");
      let body: unknown;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new Error(`GET /api/v1/messages: not JSON: ${text.slice(0, 300)}`);
      }
      const total = typeof body === "object" && body !== null ? (body as Record<string, unknown>)["total"] : undefined;
      if (typeof total !== "number") throw new Error(`GET /api/v1/messages: no numeric "total" in ${text.slice(0, 300)}`);
      return total;
    },
    async clear() {
      // Mailpit's form: a JSON body without IDs deletes every message.
      await request("DELETE", "/api/v1/messages", {});
    },
  };
}

const SMTP_READY = /^mailscope: SMTP listening on ([\d.]+):(\d+)\s*$/;
const HTTP_READY = /^mailscope: HTTP \(UI and API\) listening on (http:\/\/[\d.]+:(\d+))\/?\s*$/;

/** Defaults plus our flags only: MAILSCOPE_* settings from the caller's shell are not passed on. */
function serverEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("MAILSCOPE_")));
}

/** Options Mailscope's --help lists, so we never pass one it does not know. */
async function helpText(entry: string): Promise<string> {
  const result = await run("mailscope --help", process.execPath, [entry, "--help"], 15_000, { env: serverEnv() });
  return `${result.stdout.text}\n${result.stderr.text}`;
}

/** Mailscope's built entry point; BENCH_MAILSCOPE_ENTRY points at another build. */
export const MAILSCOPE_ENTRY = process.env["BENCH_MAILSCOPE_ENTRY"] || join(import.meta.dirname, "..", "..", "server", "dist", "main.js");

export interface MailscopeOptions {
  entry: string;
  /** Store capacity to ask for, when Mailscope has a --max option. */
  capacity: number;
  extraArgs: readonly string[];
  startupTimeoutMs: number;
}

export async function startMailscope(options: MailscopeOptions): Promise<Target> {
  const help = await helpText(options.entry);
  const args = [options.entry, "--smtp", `${HOST}:0`, "--listen", `${HOST}:0`];
  // Some builds cap the store; ask for room for a whole run when the flag exists.
  if (/(^|\s)--max(\s|=|$)/m.test(help)) args.push("--max", String(options.capacity));
  args.push(...options.extraArgs);

  // A scratch working directory: anything Mailscope writes relative to its cwd stays out of the repo.
  const cwd = await mkdtemp(join(tmpdir(), "mailscope-bench-"));
  const p = await start("mailscope", process.execPath, args, { cwd, env: serverEnv(), logDir: cwd });
  let smtpPort = 0;
  let httpBase = "";
  const ready = (async (): Promise<void> => {
    const deadline = Date.now() + options.startupTimeoutMs;
    for (;;) {
      for (const line of p.stdout.text.split(/\r?\n/)) {
        const smtp = SMTP_READY.exec(line);
        if (smtp?.[2] !== undefined) smtpPort = Number(smtp[2]);
        const http = HTTP_READY.exec(line);
        if (http?.[1] !== undefined) httpBase = http[1];
      }
      if (smtpPort > 0 && httpBase !== "") return;
      const reason = exitedReason(p);
      if (reason !== null) throw new Error(reason);
      if (Date.now() > deadline) throw new Error(`mailscope did not print both "listening" lines within ${options.startupTimeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const cleanup = async (): Promise<void> => {
    await stop(p);
    await rm(cwd, { recursive: true, force: true });
  };
  try {
    await ready;
    await waitForSmtp(smtpPort, 10_000, () => exitedReason(p));
  } catch (err) {
    await cleanup();
    throw err;
  }
  const store = api(httpBase);
  const alive = (): void => {
    const exit = p.exitInfo();
    if (exit !== null) throw new Error(`mailscope exited (${describeExit(exit)}):\n  ${outputOf(p, 10).join("\n  ")}`);
  };

  return {
    label: "mailscope",
    httpBase,
    pid: p.pid,
    commandLine: ["node", relative(process.cwd(), options.entry), ...args.slice(1)].join(" "),
    smtpPort,
    async beforeRun() {
      alive();
      // The readiness probe (and any earlier run) may have left data: start empty.
      await store.clear();
      const total = await store.total();
      if (total !== 0) throw new Error(`mailscope store holds ${total} messages after DELETE /api/v1/messages, expected 0`);
    },
    async verifyAndClear(expected) {
      alive();
      // Count from smtp-source's exit; a store that acknowledges "250" only
      // after storing shows every message at once, so this is normally 0 ms.
      const t0 = process.hrtime.bigint();
      // Wait while the count still grows (at most 30 s); give up after 3 s without progress.
      const deadline = Date.now() + 30_000;
      let total = await store.total();
      let lastChange = Date.now();
      while (total < expected && Date.now() < deadline && Date.now() - lastChange < 3000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = await store.total();
        if (now !== total) lastChange = Date.now();
        total = now;
      }
      const settleMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (total !== expected) {
        throw new Error(
          `mailscope stored ${total} messages, expected ${expected} (${total < expected ? `${expected - total} lost` : `${total - expected} extra`}), ` +
            `per GET /api/v1/messages?limit=1 after waiting ${Math.round(settleMs)} ms`,
        );
      }
      await store.clear();
      const after = await store.total();
      if (after !== 0) throw new Error(`mailscope store holds ${after} messages after DELETE /api/v1/messages, expected 0`);
      return { stored: total, settleMs };
    },
    outputTail: (lines) => outputOf(p, lines),
    stop: cleanup,
  };
}
