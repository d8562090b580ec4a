// DATA over a real socket: dot removal, no smuggling, lint notes, size limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, startTestServer, type TestServer } from "./harness.js";

describe("DATA", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ smtpMaxSize: 2000 });
  });
  afterAll(() => server.close());

  async function send(body: string | Buffer, mailArgs = ""): Promise<{ code: number; id: string }> {
    const c = await ready(server.smtpPort);
    await c.command(`MAIL FROM:<a@x.test>${mailArgs}`);
    await c.command("RCPT TO:<b@x.test>");
    expect((await c.command("DATA")).code).toBe(354);
    c.write(body);
    const r = await c.reply();
    await c.command("QUIT");
    return { code: r.code, id: /queued as (\S+)/.exec(r.text)?.[1] ?? "" };
  }

  it("removes one leading dot from every line", async () => {
    const { id } = await send("Subject: dots\r\n\r\n..leading\r\n...two\r\n.x\r\n.\r\n");
    expect(await server.raw(id)).toBe("Subject: dots\r\n\r\n.leading\r\n..two\r\nx\r\n");
  });

  it("is not ended by a dot between bare LFs: one message, the smuggled MAIL stays inside it", async () => {
    const before = (await server.messages()).total;
    const smuggle = "Subject: outer\r\n\r\nhello\n.\nMAIL FROM:<evil@x.test>\r\nRCPT TO:<victim@x.test>\r\nDATA\r\nSubject: smuggled\r\n\r\n.\r\n";
    const { code, id } = await send(smuggle);
    expect(code).toBe(250);
    expect((await server.messages()).total).toBe(before + 1);
    const raw = await server.raw(id);
    expect(raw).toContain("hello\n.\nMAIL FROM:<evil@x.test>\r\n");
    expect(raw).toContain("Subject: smuggled");
    const s = await server.lastSession();
    const payload = s.Transcript.find((e) => e.MessageID === id && e.Direction === "client");
    expect(payload?.Notes.map((n) => n.Kind)).toContain("bare-lf");
  });

  it("is not ended by a dot after a bare CR", async () => {
    const { id } = await send("Subject: cr\r\n\r\nx\r.\r\ny\r\n.\r\n");
    expect(await server.raw(id)).toBe("Subject: cr\r\n\r\nx\r.\r\ny\r\n");
    const s = await server.lastSession();
    expect(s.Transcript.find((e) => e.MessageID === id && e.Direction === "client")?.Notes.map((n) => n.Kind)).toEqual(["bare-cr"]);
  });

  it("notes 8-bit data sent without BODY=8BITMIME, and not with it", async () => {
    const body = Buffer.from("Subject: 8bit\r\n\r\nÄpfel\r\n.\r\n", "utf8");
    const a = await send(body);
    let s = await server.lastSession();
    expect(s.Transcript.find((e) => e.MessageID === a.id && e.Direction === "client")?.Notes.map((n) => n.Kind)).toEqual(["8bit-without-8bitmime"]);
    const b = await send(body, " BODY=8BITMIME");
    s = await server.lastSession();
    expect(s.Transcript.find((e) => e.MessageID === b.id && e.Direction === "client")?.Notes).toEqual([]);
    expect(Buffer.from(await server.raw(b.id), "utf8").includes(Buffer.from("Äpfel"))).toBe(true);
  });

  it("reads an oversized message to its end, answers 552, and the connection stays usable", async () => {
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<b@x.test>");
    await c.command("DATA");
    c.write(`Subject: big\r\n\r\n${"z".repeat(5000)}\r\n.\r\n`);
    const refused = await c.reply();
    expect(refused.code).toBe(552);
    expect((await c.command("MAIL FROM:<a@x.test>")).code).toBe(250);
    await c.command("RCPT TO:<b@x.test>");
    await c.command("DATA");
    const ok = await c.command("Subject: small\r\n\r\nfits\r\n.");
    expect(ok.code).toBe(250);
    await c.command("QUIT");
    const s = await server.lastSession();
    expect(s.MessageIDs).toHaveLength(1);
    expect(s.Transcript.some((e) => e.Event === "refused" && /over the 2000-byte limit/.test(e.Text))).toBe(true);
  });

  it("a disconnect mid-DATA stores nothing and keeps the session", async () => {
    const before = (await server.messages()).total;
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<b@x.test>");
    await c.command("DATA");
    c.write("Subject: cut\r\n\r\nhalf a mess");
    c.socket.destroy();
    const s = await server.lastSession();
    expect(s.MessageIDs).toEqual([]);
    expect(s.Error).toMatch(/disconnected during the transaction/);
    expect((await server.messages()).total).toBe(before);
  });
});
