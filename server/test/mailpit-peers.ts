// Real peers for the Mailpit API tests, all on 127.0.0.1 and all stopped by
// the test that starts them (by PID): Postfix's smtp-sink as a relay that
// keeps what it receives, SpamAssassin's spamd, and small HTTP servers.

import { spawn, type ChildProcess } from "node:child_process";
import { chmod, readdir, readFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer, connect, type AddressInfo } from "node:net";
import { requireProgram, tempDir } from "./clients.js";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${String(child.spawnfile)} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
}

/** Drops to nobody after binding when run as root, as smtp-sink and spamd require. */
const asNobody = (): string[] => (process.getuid?.() === 0 ? ["-u", "nobody"] : []);

export interface SmtpSink {
  port: number;
  /** Every transaction received so far, each as smtp-sink dumped it (X-Mail-Args, X-Rcpt-Args, then the message). */
  received(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  requireProgram("/usr/sbin/smtp-sink");
  const dir = await tempDir("mailscope-sink-");
  await chmod(dir.dir, 0o777); // smtp-sink writes as nobody
  const port = await freePort();
  const child = spawn("/usr/sbin/smtp-sink", [...asNobody(), "-d", `${dir.dir}/%Y%m%d%H%M%S.`, `127.0.0.1:${port}`, "10"], { stdio: "ignore" });
  await waitForPort(port, child, 10_000);
  return {
    port,
    async received() {
      const names = (await readdir(dir.dir)).sort();
      return Promise.all(names.map((n) => readFile(dir.file(n), "utf8")));
    },
    async stop() {
      await stopChild(child);
      await dir.remove();
    },
  };
}

export interface Spamd {
  port: number;
  stop(): Promise<void>;
}

/** spamd without network tests (-L) or user configuration (-x); it takes a few seconds to load its rules. */
export async function startSpamd(): Promise<Spamd> {
  requireProgram("/usr/sbin/spamd");
  const port = await freePort();
  const child = spawn("/usr/sbin/spamd", ["-L", "-x", "-i", "127.0.0.1", "-p", String(port), ...asNobody(), "--syslog=stderr", "-m", "1"], { stdio: "ignore" });
  await waitForPort(port, child, 60_000);
  return { port, stop: () => stopChild(child) };
}

export interface LocalHttp {
  url: string;
  /** Requests seen: "METHOD /path". */
  seen: string[];
  stop(): Promise<void>;
}

export async function startHttp(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalHttp> {
  const seen: string[] = [];
  const server = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
