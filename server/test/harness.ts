// Test harness: a real Mailscope (start()) on free loopback ports, and a raw
// SMTP client for what no packaged client sends. Tests talk over sockets only.

import { connect, type Socket } from "node:net";
import type { MessagesSummary, SessionDetail, SessionsSummary } from "@mailscope/shared";
import { start, type Running } from "../src/app.js";
import type { Config } from "../src/config.js";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    smtp: { host: "127.0.0.1", port: 0 },
    http: { host: "127.0.0.1", port: 0 },
    smtpHostname: "mailscope.test",
    smtpMaxSize: 1024 * 1024,
    smtpMaxRecipients: 100,
    smtpMaxConnections: 500,
    smtpMaxErrors: 20,
    smtpMaxLine: 4096,
    smtpIdleTimeoutMs: 30_000,
    smtpSlowStepMs: 1000,
    tlsCert: null,
    tlsKey: null,
    requireTls: false,
    implicitTls: false,
    authFile: null,
    authRequired: false,
    showSecrets: false,
    maxMessages: 100_000,
    maxBytes: 1024 ** 3,
    maxAgeMs: 0,
    maxSessions: 100_000,
    quiet: true,
    allowedOrigins: [],
    uiAuthFile: null,
    apiCors: [],
    webRoot: null,
    ...overrides,
  };
}

export interface TestServer extends Running {
  smtpPort: number;
  httpUrl: string;
  getJson<T>(path: string): Promise<T>;
  messages(): Promise<MessagesSummary>;
  sessions(): Promise<SessionsSummary>;
  session(id: string): Promise<SessionDetail>;
  raw(id: string): Promise<string>;
  /** Waits until the session has closed (the server records the close asynchronously). */
  closedSession(id: string): Promise<SessionDetail>;
  /** The newest session once closed. */
  lastSession(): Promise<SessionDetail>;
}

export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const running = await start(testConfig(overrides));
  const httpUrl = `http://127.0.0.1:${running.httpAddress.port}`;
  const getJson = async <T>(path: string): Promise<T> => {
    const res = await fetch(httpUrl + path);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const session = (id: string): Promise<SessionDetail> => getJson<SessionDetail>(`/api/v1/session/${id}`);
  const closedSession = async (id: string): Promise<SessionDetail> => {
    for (let i = 0; i < 200; i++) {
      const s = await session(id);
      if (s.Ended !== "") return s;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`session ${id} did not close`);
  };
  return {
    ...running,
    smtpPort: running.smtpAddress.port,
    httpUrl,
    getJson,
    messages: () => getJson<MessagesSummary>("/api/v1/messages?limit=1000"),
    sessions: () => getJson<SessionsSummary>("/api/v1/sessions?limit=1000"),
    session,
    closedSession,
    async lastSession() {
      const list = await getJson<SessionsSummary>("/api/v1/sessions?limit=1");
      const id = list.sessions[0]?.ID;
      if (id === undefined) throw new Error("no session recorded");
      return closedSession(id);
    },
    async raw(id) {
      const res = await fetch(`${httpUrl}/api/v1/message/${id}/raw`);
      return res.text();
    },
  };
}

export interface SmtpReply {
  code: number;
  lines: string[];
  text: string;
}

/** A raw SMTP client: send any bytes, read replies one at a time. */
export class RawClient {
  private buffer = "";
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      this.buffer += d;
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", () => {});
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, "127.0.0.1", () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Reads one complete (possibly multi-line) reply; rejects on close or after timeoutMs. */
  async reply(timeoutMs = 5000): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^((?:\d{3}-[^\n]*\n)*)(\d{3}) ?[^\n]*\n/.exec(this.buffer);
      if (m) {
        const block = m[0];
        this.buffer = this.buffer.slice(block.length);
        const lines = block.split("\r\n").filter((l) => l !== "");
        return { code: Number(m[2]), lines, text: block };
      }
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms; unread: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Sends a line with CRLF and reads its reply. */
  async command(line: string): Promise<SmtpReply> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (!this.closed) throw new Error("connection still open");
  }

  end(): void {
    this.socket.end();
  }
}

/** Opens a session and completes the greeting and EHLO. */
export async function ready(port: number, helo = "EHLO client.test"): Promise<RawClient> {
  const c = await RawClient.open(port);
  const greeting = await c.reply();
  if (greeting.code !== 220) throw new Error(`greeting ${greeting.text}`);
  const r = await c.command(helo);
  if (r.code !== 250) throw new Error(`EHLO ${r.text}`);
  return c;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
