// CHUNKING (RFC 3030): BDAT with and without LAST, mixed sizes, BDAT 0 LAST.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, startTestServer, type TestServer } from "./harness.js";

describe("BDAT", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ smtpMaxSize: 1000 });
  });
  afterAll(() => server.close());

  async function transaction(): Promise<Awaited<ReturnType<typeof ready>>> {
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<b@x.test>");
    return c;
  }

  it("joins chunks of mixed sizes, byte for byte, without dot removal", async () => {
    const c = await transaction();
    const parts = ["Subject: chunks\r\n", "\r\n", ".not unstuffed\r\n", "x", "\r\nbinary \x00\x01 end\r\n"];
    for (const p of parts.slice(0, -1)) {
      c.write(`BDAT ${Buffer.byteLength(p)}\r\n${p}`);
      expect((await c.reply()).lines[0]).toBe(`250 2.0.0 ${Buffer.byteLength(p)} octets received`);
    }
    const last = parts.at(-1) ?? "";
    c.write(`BDAT ${Buffer.byteLength(last)} LAST\r\n${last}`);
    const r = await c.reply();
    expect(r.code).toBe(250);
    const id = /queued as (\S+)/.exec(r.text)?.[1] ?? "";
    expect(await server.raw(id)).toBe(parts.join(""));
    await c.command("QUIT");
    const s = await server.lastSession();
    expect(s.Transcript.filter((e) => e.Text.startsWith("[BDAT chunk"))).toHaveLength(5);
  });

  it("ends with BDAT 0 LAST", async () => {
    const c = await transaction();
    c.write("BDAT 21\r\nSubject: zero\r\n\r\nab\r\n");
    expect((await c.reply()).code).toBe(250);
    const r = await c.command("BDAT 0 LAST");
    expect(r.code).toBe(250);
    const id = /queued as (\S+)/.exec(r.text)?.[1] ?? "";
    expect(await server.raw(id)).toBe("Subject: zero\r\n\r\nab\r\n");
  });

  it("reads a chunk sent outside a transaction, then answers 503", async () => {
    const c = await ready(server.smtpPort);
    c.write("BDAT 10 LAST\r\nQUIT\r\nQUIT");
    expect((await c.reply()).code).toBe(503);
    expect((await c.command("NOOP")).code).toBe(250); // the 10 bytes were data, not commands
  });

  it("refuses a message that grows over the limit with 552 and stays usable", async () => {
    const c = await transaction();
    const big = "y".repeat(800);
    c.write(`BDAT 800\r\n${big}`);
    expect((await c.reply()).code).toBe(250);
    c.write(`BDAT 800 LAST\r\n${big}`);
    expect((await c.reply()).code).toBe(552);
    expect((await c.command("MAIL FROM:<a@x.test>")).code).toBe(250);
  });

  it("refuses DATA after BDAT in one transaction", async () => {
    const c = await transaction();
    c.write("BDAT 3\r\nabc");
    await c.reply();
    expect((await c.command("DATA")).code).toBe(503);
  });
});
