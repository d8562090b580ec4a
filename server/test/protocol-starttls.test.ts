// STARTTLS (RFC 3207): pipelined input before the handshake is discarded,
// and the session state starts over.
import type { Socket } from "node:net";
import { connect as tlsConnect, type TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, startTestServer, type TestServer } from "./harness.js";

function handshake(socket: Socket): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ socket, rejectUnauthorized: false, servername: "localhost" }, () => resolve(s));
    s.once("error", reject);
  });
}

function lineReader(s: TLSSocket): () => Promise<string> {
  let buf = "";
  const waiting: Array<() => void> = [];
  s.setEncoding("utf8");
  s.on("data", (d: string) => {
    buf += d;
    waiting.splice(0).forEach((f) => f());
  });
  return async () => {
    for (;;) {
      const m = /^(?:\d{3}-.*\r\n)*\d{3} .*\r\n/.exec(buf);
      if (m) {
        buf = buf.slice(m[0].length);
        return m[0];
      }
      await new Promise<void>((r) => waiting.push(r));
    }
  };
}

describe("STARTTLS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("discards commands pipelined after STARTTLS and requires EHLO again", async () => {
    const c = await ready(server.smtpPort);
    c.write("STARTTLS\r\nMAIL FROM:<injected@x.test>\r\n");
    const r = await c.reply();
    expect(r.code).toBe(220);
    const secure = await handshake(c.socket);
    const read = lineReader(secure);
    secure.write("MAIL FROM:<a@x.test>\r\n");
    expect(await read()).toMatch(/^503 /); // no EHLO yet after TLS, and no injected MAIL either
    secure.write("EHLO again.test\r\n");
    const ehlo = await read();
    expect(ehlo).not.toContain("STARTTLS");
    secure.write("MAIL FROM:<a@x.test>\r\n");
    expect(await read()).toMatch(/^250 /);
    secure.write("STARTTLS\r\n");
    expect(await read()).toMatch(/^503 /);
    secure.end("QUIT\r\n");
    const s = await server.lastSession();
    expect(s.TLS?.Protocol).toMatch(/^TLSv1\.[23]$/);
    expect(s.Helo).toBe("again.test");
    const events = s.Transcript.filter((e) => e.Direction === "event").map((e) => e.Event);
    expect(events).toEqual(["connect", "discarded", "tls", "close"]);
    expect(s.Transcript.some((e) => e.Text.includes("injected"))).toBe(false);
  });
});
