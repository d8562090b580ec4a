// Helpers for the tests that drive real SMTP clients (swaks, curl, python,
// nodemailer, smtp-source) and hostile raw clients against a test server.
// Processes are spawned with argument arrays (never a shell) and a timeout.

import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventKind, SessionDetail, TranscriptEntry } from "@mailscope/shared";
import { ready, type TestServer } from "./harness.js";

export interface RunResult {
  /** Exit code, null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Written to the child's stdin, which is then closed. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

/** Runs a program with arguments (no shell), captures its output, kills it after timeoutMs. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env: options.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), timedOut });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** One line for an assertion message: what the process said. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code} signal ${r.signal}${r.timedOut ? " (timed out)" : ""}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Fails at once, with a clear message, when a client program the tests need is missing. */
export function requireProgram(path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is not installed (see TOOLCHAIN.md: Real SMTP clients)`);
  }
}

/** A fresh temporary directory and a function that removes it. */
export async function tempDir(prefix = "mailscope-test-"): Promise<{ dir: string; file: (name: string) => string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The stored raw bytes of a message, exactly (the harness's raw() decodes them as text). */
export async function rawBytes(server: TestServer, id: string): Promise<Buffer> {
  const res = await fetch(`${server.httpUrl}/api/v1/message/${id}/raw`);
  if (!res.ok) throw new Error(`raw ${id}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

export const clientLines = (s: SessionDetail): TranscriptEntry[] => s.Transcript.filter((e) => e.Direction === "client");
export const serverLines = (s: SessionDetail): TranscriptEntry[] => s.Transcript.filter((e) => e.Direction === "server");
export const eventsOf = (s: SessionDetail, kind: EventKind): TranscriptEntry[] => s.Transcript.filter((e) => e.Direction === "event" && e.Event === kind);

/** The transcript as "C: ...", "S: ...", "E(kind): ..." lines, for assertions and failure messages. */
export function transcriptText(s: SessionDetail): string[] {
  return s.Transcript.map((e) => (e.Direction === "event" ? `E(${e.Event ?? "?"}): ${e.Text}` : `${e.Direction === "client" ? "C" : "S"}: ${e.Text}`));
}

/** The server reply entry that follows the client entry with the given Seq. */
export function replyAfter(s: SessionDetail, seq: number): TranscriptEntry | undefined {
  return s.Transcript.find((e) => e.Seq > seq && e.Direction === "server");
}

/** Polls fn until it returns a value that is not undefined, or throws after timeoutMs. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the API lists at least `count` messages; returns the total. */
export function waitForMessages(server: TestServer, count: number, timeoutMs = 10_000): Promise<number> {
  return eventually(`${count} messages`, async () => {
    const list = await server.getJson<{ total: number }>("/api/v1/messages?limit=1");
    return list.total >= count ? list.total : undefined;
  }, timeoutMs);
}

/** Sends one small message over a raw connection; returns the stored ID from the 250 reply. */
export async function sendSimple(port: number, subject: string): Promise<string> {
  const c = await ready(port);
  try {
    for (const [line, code] of [
      ["MAIL FROM:<probe@x.test>", 250],
      ["RCPT TO:<probe@y.test>", 250],
      ["DATA", 354],
    ] as const) {
      const r = await c.command(line);
      if (r.code !== code) throw new Error(`${line}: ${r.text}`);
    }
    const done = await c.command(`Subject: ${subject}\r\nFrom: probe@x.test\r\nTo: probe@y.test\r\n\r\nprobe\r\n.`);
    const m = /queued as (\S+)/.exec(done.text);
    if (done.code !== 250 || !m?.[1]) throw new Error(`end of data: ${done.text}`);
    await c.command("QUIT");
    return m[1];
  } finally {
    c.end();
  }
}

/** Proof the server still serves other clients: a new connection stores a message the API then lists. */
export async function assertStillServes(server: TestServer, subject = `still-serving-${Date.now()}`): Promise<void> {
  const id = await sendSimple(server.smtpPort, subject);
  const list = await server.messages();
  const found = list.messages.find((m) => m.ID === id);
  if (!found) throw new Error(`message ${id} was acknowledged but is not listed`);
  if (found.Subject !== subject) throw new Error(`message ${id} has subject ${JSON.stringify(found.Subject)}, expected ${JSON.stringify(subject)}`);
}
