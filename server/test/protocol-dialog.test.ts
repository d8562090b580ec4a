// The dialog over a raw socket: every reply code normal operation produces,
// enhanced codes, and what the transcript records for each step.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient, ready, startTestServer, type TestServer } from "./harness.js";

const b64 = (s: string): string => Buffer.from(s).toString("base64");

describe("SMTP dialog", () => {
  let server: TestServer;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "mailscope-"));
    const authFile = join(dir, "users");
    await writeFile(authFile, "alice:secret\n");
    server = await startTestServer({ authFile, smtpMaxSize: 1000, smtpMaxRecipients: 2, smtpMaxErrors: 12 });
  });
  afterAll(() => server.close());

  it("greets with 220 and advertises every extension on EHLO", async () => {
    const c = await RawClient.open(server.smtpPort);
    const greeting = await c.reply();
    expect(greeting.lines[0]).toMatch(/^220 mailscope\.test .*ESMTP/);
    const ehlo = await c.command("EHLO client.test");
    expect(ehlo.code).toBe(250);
    const keywords = ehlo.lines.slice(1).map((l) => l.slice(4));
    expect(keywords).toEqual(["PIPELINING", "SIZE 1000", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING", "STARTTLS", "AUTH PLAIN LOGIN CRAM-MD5", "HELP"]);
    c.end();
  });

  it("produces each reply code of normal operation, with an enhanced code after the greeting", async () => {
    const c = await ready(server.smtpPort);
    const seen = new Map<number, string>();
    const expectReply = async (line: string, code: number): Promise<void> => {
      const r = await c.command(line);
      expect(r.code, `${line} -> ${r.text}`).toBe(code);
      seen.set(code, r.lines[0] ?? "");
    };
    await expectReply("HELP", 214);
    await expectReply("VRFY someone", 252);
    await expectReply("NOOP", 250);
    await expectReply("BOGUS", 500);
    await expectReply("MAIL FROM:<not an address>", 501);
    await expectReply("EXPN list", 502);
    await expectReply("RCPT TO:<a@b.test>", 503);
    await expectReply("AUTH DIGEST-MD5", 504);
    await expectReply(`AUTH PLAIN ${b64("\0alice\0wrong")}`, 535);
    await expectReply("AUTH LOGIN", 334);
    await expectReply(b64("alice"), 334);
    await expectReply(b64("secret"), 235);
    await expectReply("MAIL FROM:<a@b.test> SIZE=5000", 552);
    await expectReply("MAIL FROM:<a@b.test> FOO=bar", 555);
    await expectReply("MAIL FROM:<a@b.test>", 250);
    await expectReply("RCPT TO:<nope>", 501);
    await expectReply("DATA", 554); // every recipient so far was refused
    await expectReply("RCPT TO:<one@b.test>", 250);
    await expectReply("RCPT TO:<two@b.test>", 250);
    await expectReply("RCPT TO:<three@b.test>", 452);
    await expectReply("DATA", 354);
    await expectReply("Subject: hi\r\n\r\nbody\r\n.", 250);
    await expectReply("RESET", 250);
    await expectReply("QUIT", 221);
    for (const [code, line] of seen) {
      const bare = code === 334 || code === 354;
      if (bare) expect(line).toMatch(/^\d{3}[ -](?!\d\.\d)/);
      else expect(line, line).toMatch(new RegExp(`^${code}[ -]${String(code)[0]}\\.\\d{1,3}\\.\\d{1,3} `));
    }
    await c.waitClosed();
  });

  it("closes with 421 after too many errors", async () => {
    const c = await ready(server.smtpPort);
    for (let i = 0; i < 11; i++) expect((await c.command("WHAT")).code).toBe(500);
    c.write("WHAT\r\n");
    expect((await c.reply()).code).toBe(500);
    const last = await c.reply();
    expect(last.code).toBe(421);
    await c.waitClosed();
    const s = await server.lastSession();
    expect(s.CloseReason).toBe("too-many-errors");
    expect(s.Error).toContain("421");
  });

  it("records the transcript: commands, replies, the payload and the message's span", async () => {
    const c = await ready(server.smtpPort, "EHLO transcript.test");
    await c.command("MAIL FROM:<from@x.test>");
    await c.command("RCPT TO:<to@x.test>");
    await c.command("DATA");
    const stored = await c.command("Subject: span\r\n\r\nline one\r\n.");
    const id = /queued as (\S+)/.exec(stored.text)?.[1] ?? "";
    await c.command("QUIT");
    const s = await server.lastSession();
    expect(s.Helo).toBe("transcript.test");
    expect(s.MessageIDs).toEqual([id]);
    expect(s.Error).toBe("");
    expect(s.CloseReason).toBe("quit");
    const t = s.Transcript;
    expect(t[0]).toMatchObject({ Direction: "event", Event: "connect" });
    expect(t.map((e) => e.Seq)).toEqual(t.map((_, i) => i));
    expect(t.every((e, i) => i === 0 || e.Time >= (t[i - 1]?.Time ?? 0))).toBe(true);
    const texts = t.map((e) => `${e.Direction[0]}:${e.Text.split("\n")[0]}`);
    expect(texts).toEqual([
      expect.stringMatching(/^e:connection from 127\.0\.0\.1:\d+ to 127\.0\.0\.1:\d+$/),
      "s:220 mailscope.test Mailscope ESMTP ready",
      "c:EHLO transcript.test",
      "s:250-mailscope.test greets you",
      "c:MAIL FROM:<from@x.test>",
      "s:250 2.1.0 Sender OK",
      "c:RCPT TO:<to@x.test>",
      "s:250 2.1.5 Recipient OK",
      "c:DATA",
      "s:354 End data with <CR><LF>.<CR><LF>",
      "c:[message data: 27 bytes, 3 lines]",
      `e:message stored as ${id}`,
      `s:250 2.0.0 Ok: queued as ${id}`,
      "c:QUIT",
      "s:221 2.0.0 Bye",
      "e:connection closed (quit)",
    ]);
    const payload = t[10];
    expect(payload).toMatchObject({ Size: 27, Lines: 3, MessageID: id });
    const list = await server.messages();
    const msg = list.messages.find((m) => m.ID === id);
    expect(msg).toMatchObject({ Subject: "span", SessionID: s.ID, Size: 27 });
    expect(await server.raw(id)).toBe("Subject: span\r\n\r\nline one\r\n");
  });

  it("keeps a session that stored nothing, with why it failed", async () => {
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@b.test>");
    await c.command("RCPT TO:<broken");
    c.end();
    const s = await server.lastSession();
    expect(s.MessageIDs).toEqual([]);
    expect(s.CloseReason).toBe("client-closed");
    expect(s.Error).toMatch(/disconnected/);
    expect(s.Error).toMatch(/501/);
  });
});
