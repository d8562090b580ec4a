// The command line as a user runs it: the built bundle, real signals, real ports.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient } from "./harness.js";

const MAIN = join(import.meta.dirname, "..", "dist", "main.js");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; resolves once `until` matches stdout (or it exits), with a handle to stop it. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}, until = /HTTP \(UI and API\) listening on (\S+)/) {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = once(child, "exit").then(([code, signal]) => ({ code, signal, stdout, stderr }) as Run);
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 15 s: ${stdout} ${stderr}`)), 15_000);
    child.stdout.on("data", () => {
      if (until.test(stdout)) {
        clearTimeout(timer);
        resolve(stdout);
      }
    });
    void exited.then((r) => {
      clearTimeout(timer);
      resolve(r.stdout);
    });
  });
  return { child, ready, exited };
}

describe("mailscope CLI", () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run pnpm build first (pnpm test does)`);
  });

  it("prints the real addresses for port 0, serves both, and exits 0 on SIGTERM and SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const run = startCli(["--smtp", "127.0.0.1:0", "--listen", "127.0.0.1:0"]);
      const out = await run.ready;
      const smtpPort = Number(/SMTP listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
      const http = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? "";
      expect(smtpPort).toBeGreaterThan(0);
      const c = await RawClient.open(smtpPort);
      expect((await c.reply()).code).toBe(220);
      expect((await fetch(`${http}/api/v1/messages`)).status).toBe(200);
      run.child.kill(signal);
      const r = await run.exited;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${signal}: closing listeners`);
      await c.waitClosed(); // open sessions are told 421 and closed
    }
  });

  it("takes settings from MAILSCOPE_* variables, a flag winning over its variable", async () => {
    const run = startCli(["--smtp-max-size", "2KB"], { MAILSCOPE_SMTP: "127.0.0.1:0", MAILSCOPE_LISTEN: "127.0.0.1:0", MAILSCOPE_SMTP_MAX_SIZE: "1MB" });
    const out = await run.ready;
    const port = Number(/SMTP listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const c = await RawClient.open(port);
    await c.reply();
    const ehlo = await c.command("EHLO cli.test");
    expect(ehlo.text).toContain("250-SIZE 2000\r\n");
    run.child.kill("SIGTERM");
    expect((await run.exited).code).toBe(0);
  });

  describe("refuses to start with one clear line and exit 1", () => {
    let busy: Server;
    let busyPort = 0;
    beforeAll(async () => {
      busy = createServer().listen(0, "127.0.0.1");
      await once(busy, "listening");
      const address = busy.address();
      busyPort = typeof address === "object" && address !== null ? address.port : 0;
    });
    afterAll(() => busy.close());

    const cases: Array<[string, () => string[], RegExp]> = [
      ["an unknown flag", () => ["--no-such-flag"], /Unknown option '--no-such-flag'/],
      ["a port in use", () => ["--smtp", `127.0.0.1:${busyPort}`, "--listen", "127.0.0.1:0"], /SMTP listener 127\.0\.0\.1:\d+: address already in use/],
      ["an HTTP port in use", () => ["--smtp", "127.0.0.1:0", "--listen", `127.0.0.1:${busyPort}`], /HTTP listener 127\.0\.0\.1:\d+: address already in use/],
      ["an unreadable certificate", () => ["--smtp", "127.0.0.1:0", "--smtp-tls-cert", "/nonexistent/cert.pem", "--smtp-tls-key", "/nonexistent/key.pem"], /TLS certificate: .*no such file/i],
      ["a bad size", () => ["--smtp-max-size", "lots"], /--smtp-max-size: expected a size/],
      ["a bad address", () => ["--smtp", "here:there"], /--smtp: expected \[host:\]port/],
      ["a missing auth file", () => ["--smtp", "127.0.0.1:0", "--listen", "127.0.0.1:0", "--smtp-auth-file", "/nonexistent/users"], /--smtp-auth-file .*no such file/i],
    ];
    it.each(cases)("%s", async (_name, args, message) => {
      const r = await startCli(args()).exited;
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^mailscope: error: /);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  });

  it("--help lists every flag with its environment twin; --version prints the version", async () => {
    const help = await startCli(["--help"], {}, /$^/).exited;
    expect(help.code).toBe(0);
    for (const flag of ["--smtp ", "--listen", "--smtp-max-size", "--smtp-max-recipients", "--smtp-tls-cert", "--smtp-tls-key", "--smtp-require-tls", "--smtp-tls-implicit", "--smtp-auth-file", "--smtp-auth-required", "--show-secrets"]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain("env: MAILSCOPE_SMTP_AUTH_FILE");
    const version = await startCli(["--version"], {}, /$^/).exited;
    expect(version.stdout).toMatch(/^mailscope \d+\.\d+\.\d+\n$/);
  });
});
