// Hostile and broken clients: each gets a clear reply, its session is kept
// with a transcript that says what happened, and afterwards another client
// is still served (a normal message is stored and listed).

import { randomBytes } from "node:crypto";
import type { Config } from "../src/config.js";
import { afterEach, describe, expect, it } from "vitest";
import { RawClient, ready, startTestServer, sleep, type SmtpReply, type TestServer } from "./harness.js";
import { assertStillServes, clientLines, eventsOf, eventually, serverLines, transcriptText } from "./clients.js";

let server: TestServer | null = null;
const open: RawClient[] = [];

async function serve(overrides: Partial<Config> = {}): Promise<TestServer> {
  server = await startTestServer(overrides);
  return server;
}

afterEach(async () => {
  for (const c of open.splice(0)) c.socket.destroy();
  await server?.close();
  server = null;
});

async function client(port: number): Promise<RawClient> {
  const c = await ready(port);
  open.push(c);
  return c;
}

async function expectReply(c: RawClient, code: number, text?: RegExp, timeoutMs?: number): Promise<SmtpReply> {
  const r = await c.reply(timeoutMs);
  expect(r.code, r.text).toBe(code);
  if (text) expect(r.text).toMatch(text);
  return r;
}

/** MAIL, RCPT, DATA, a small message; returns the stored ID. */
async function sendOn(c: RawClient, subject: string): Promise<string> {
  expect((await c.command("MAIL FROM:<good@x.test>")).code).toBe(250);
  expect((await c.command("RCPT TO:<good@y.test>")).code).toBe(250);
  expect((await c.command("DATA")).code).toBe(354);
  const r = await c.command(`Subject: ${subject}\r\n\r\nfine\r\n.`);
  const m = /^250 2\.0\.0 Ok: queued as (\S+)/.exec(r.text);
  expect(m, r.text).not.toBeNull();
  return m?.[1] ?? "";
}

describe("garbage commands", () => {
  it("NUL bytes and random binary get 500s, then 421 when the error budget is spent", async () => {
    const s = await serve({ smtpMaxErrors: 4 });
    const c = await client(s.smtpPort);
    c.write(Buffer.from([0, 0, 0, 0x0d, 0x0a]));
    await expectReply(c, 500, /^500 5\.5\.2 /);
    const junk = Buffer.from([0x80, 0xbf, 0xff, 0x01, 0x1b, 0x5b, 0x32, 0x4a, 0xc3, 0x28, 0x7f]);
    c.write(Buffer.concat([junk, Buffer.from("\r\n")]));
    await expectReply(c, 500, /^500 5\.5\.2 /);
    const random = randomBytes(4096).filter((b) => b !== 0x0a && b !== 0x0d);
    c.write(Buffer.concat([Buffer.from(random.subarray(0, 1000)), Buffer.from("\r\n")]));
    await expectReply(c, 500, /^500 5\.5\.2 /);
    c.write(Buffer.from("MA\0IL FROM:<a@x.test>\r\n", "latin1"));
    await expectReply(c, 500, /^500 5\.5\.2 /);
    await expectReply(c, 421, /^421 4\.7\.0 Too many errors/);
    await c.waitClosed();

    const session = await s.lastSession();
    const lines = transcriptText(session);
    expect(session.CloseReason, lines.join("\n")).toBe("too-many-errors");
    expect(session.Error).toContain("Too many errors");
    const sent = clientLines(session);
    expect(sent.map((e) => e.Text).slice(1, 3)).toEqual(["\\x00\\x00\\x00", "\\x80\\xBF\\xFF\\x01\\x1B[2J\\xC3(\\x7F"]);
    expect(sent[1]?.Notes.map((n) => n.Kind)).toContain("nul-byte");
    expect(sent[4]?.Text).toBe("MA\\x00IL FROM:<a@x.test>");
    // No raw control byte reaches the transcript.
    for (const e of sent) expect(e.Text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(serverLines(session).map((e) => e.Text.slice(0, 3))).toEqual(["220", "250", "500", "500", "500", "500", "421"]);
    expect(eventsOf(session, "close")).toHaveLength(1);
    await assertStillServes(s);
  });
});

describe("overlong command lines", () => {
  const MB = 1024 * 1024;

  it("a 1 MB line ending in CRLF gets one 500 Line too long, and the connection stays usable", async () => {
    const s = await serve();
    const c = await client(s.smtpPort);
    c.write(`NOOP ${"A".repeat(MB)}\r\n`);
    await expectReply(c, 500, /^500 5\.5\.2 Line too long \(limit 4096 bytes\)/);
    // Exactly one reply for the line: the next command gets its own.
    await expect(c.command("NOOP")).resolves.toMatchObject({ code: 250 });
    const id = await sendOn(c, "after the long line");
    await c.command("QUIT");
    await c.waitClosed();

    const list = await s.messages();
    expect(list.messages.map((m) => [m.ID, m.Subject])).toEqual([[id, "after the long line"]]);
    const session = await s.closedSession(list.messages[0]?.SessionID ?? "");
    const long = clientLines(session).find((e) => e.Notes.some((n) => n.Kind === "long-line"));
    expect(long?.Text.startsWith("NOOP AAAA")).toBe(true);
    expect(long?.Text.length).toBeLessThan(1000); // the transcript does not keep the megabyte
    const discarded = eventsOf(session, "discarded");
    expect(discarded).toHaveLength(1);
    const bytes = Number(/(\d+) bytes/.exec(discarded[0]?.Text ?? "")?.[1]);
    expect(bytes).toBeGreaterThanOrEqual(MB);
    expect(session.MessageIDs).toEqual([id]);
    await assertStillServes(s);
  });

  it("a 1 MB line without CRLF gets 500 Line too long without waiting for the line to end", async () => {
    const s = await serve();
    const c = await client(s.smtpPort);
    c.write(`NOOP ${"A".repeat(MB)}`);
    // The client is waiting for an answer; the server knows the line is over the limit, so it says so.
    await expectReply(c, 500, /^500 5\.5\.2 Line too long/, 5000);
    c.socket.destroy();
    const session = await s.lastSession();
    const long = clientLines(session).find((e) => e.Notes.some((n) => n.Kind === "long-line"));
    expect(long, transcriptText(session).join("\n")).toBeDefined();
    expect(session.CloseReason).toBe("client-closed");
    expect(session.MessageIDs).toEqual([]);
    await assertStillServes(s);
  });
});

describe("recipient limit", () => {
  it("10,000 RCPTs with a limit of 100: 100 accepted, 9,900 get 452, DATA stores one message with 100 recipients", async () => {
    const s = await serve({ smtpMaxRecipients: 100 });
    const c = await client(s.smtpPort);
    expect((await c.command("MAIL FROM:<bulk@x.test>")).code).toBe(250);
    const codes: number[] = [];
    const BATCH = 500;
    for (let start = 0; start < 10_000; start += BATCH) {
      let batch = "";
      for (let i = start; i < start + BATCH; i++) batch += `RCPT TO:<r${i}@y.test>\r\n`;
      c.write(batch);
      for (let i = 0; i < BATCH; i++) {
        const r = await c.reply();
        codes.push(r.code);
        if (r.code === 452) expect(r.text).toBe("452 4.5.3 Too many recipients (limit 100)\r\n");
      }
    }
    expect(codes.slice(0, 100).every((x) => x === 250)).toBe(true);
    expect(codes.slice(100).every((x) => x === 452)).toBe(true);
    expect(codes).toHaveLength(10_000);
    expect((await c.command("DATA")).code).toBe(354);
    const done = await c.command("Subject: to many\r\nFrom: bulk@x.test\r\n\r\nhello all\r\n.");
    expect(done.code, done.text).toBe(250);
    await c.command("QUIT");
    await c.waitClosed();

    const list = await s.messages();
    expect(list.total).toBe(1);
    const message = list.messages[0];
    // No To or Cc header: every envelope recipient is a Bcc.
    expect(message?.Bcc.map((a) => a.Address)).toEqual(Array.from({ length: 100 }, (_, i) => `r${i}@y.test`));
    const session = await s.closedSession(message?.SessionID ?? "");
    const rcpts = clientLines(session).filter((e) => e.Text.startsWith("RCPT TO:"));
    expect(rcpts).toHaveLength(10_000);
    expect(serverLines(session).filter((e) => e.Text.startsWith("452 4.5.3"))).toHaveLength(9_900);
    expect(session.MessageIDs).toEqual([message?.ID]);
    expect(session.CloseReason).toBe("quit");
    await assertStillServes(s);
  });
});

describe("message size", () => {
  it("a message over the limit is read to its end, refused with 552, and the same connection then delivers", async () => {
    const s = await serve({ smtpMaxSize: 10_000 });
    const c = await client(s.smtpPort);
    expect((await c.command("MAIL FROM:<big@x.test>")).code).toBe(250);
    expect((await c.command("RCPT TO:<big@y.test>")).code).toBe(250);
    expect((await c.command("DATA")).code).toBe(354);
    const line = `${"x".repeat(98)}\r\n`;
    const body = `Subject: too big\r\n\r\n${line.repeat(300)}`; // 30,020 bytes
    c.write(`${body}.\r\n`);
    await expectReply(c, 552, /^552 5\.3\.4 Message size exceeds fixed maximum message size \(10000 bytes\)/);
    const id = await sendOn(c, "small after big");
    await c.command("QUIT");
    await c.waitClosed();

    const list = await s.messages();
    expect(list.messages.map((m) => m.Subject)).toEqual(["small after big"]);
    expect(list.messages[0]?.ID).toBe(id);
    const session = await s.closedSession(list.messages[0]?.SessionID ?? "");
    const lines = transcriptText(session);
    const refused = eventsOf(session, "refused");
    expect(refused, lines.join("\n")).toHaveLength(1);
    expect(refused[0]?.Text).toContain(`${Buffer.byteLength(body)} bytes`);
    const payloads = session.Transcript.filter((e) => e.Direction === "client" && e.Size !== undefined);
    expect(payloads.map((e) => [e.Size, e.MessageID])).toEqual([
      [Buffer.byteLength(body), undefined],
      [expect.any(Number), id],
    ]);
    expect(session.MessageIDs).toEqual([id]);
    await assertStillServes(s);
  });

  it("a declared SIZE= over the limit gets 552 at MAIL; a smaller SIZE= on the same connection is accepted", async () => {
    const s = await serve({ smtpMaxSize: 10_000 });
    const c = await client(s.smtpPort);
    const r = await c.command("MAIL FROM:<big@x.test> SIZE=10001");
    expect(r.code, r.text).toBe(552);
    expect(r.text).toMatch(/^552 5\.3\.4 /);
    // The transaction never started: RCPT is out of sequence.
    expect((await c.command("RCPT TO:<big@y.test>")).code).toBe(503);
    expect((await c.command("MAIL FROM:<big@x.test> SIZE=10000")).code).toBe(250);
    expect((await c.command("RSET")).code).toBe(250);
    await c.command("QUIT");
    await c.waitClosed();
    const session = await s.lastSession();
    const lines = transcriptText(session);
    const at = lines.indexOf("C: MAIL FROM:<big@x.test> SIZE=10001");
    expect(lines[at + 1], lines.join("\n")).toMatch(/^S: 552 5\.3\.4 /);
    expect((await s.messages()).total).toBe(0);
    await assertStillServes(s);
  });
});

describe("disconnects", () => {
  it("a disconnect mid-DATA stores nothing; the session is kept with an Error and a close event", async () => {
    const s = await serve();
    const c = await client(s.smtpPort);
    expect((await c.command("MAIL FROM:<gone@x.test>")).code).toBe(250);
    expect((await c.command("RCPT TO:<gone@y.test>")).code).toBe(250);
    expect((await c.command("DATA")).code).toBe(354);
    c.write("Subject: half\r\n\r\nthe first half of a mess");
    await sleep(100);
    c.socket.destroy();

    const session = await s.lastSession();
    const lines = transcriptText(session);
    expect(session.CloseReason, lines.join("\n")).toBe("client-closed");
    expect(session.Error).toContain("nothing was stored");
    expect(session.MessageIDs).toEqual([]);
    expect(eventsOf(session, "refused").map((e) => e.Text)).toEqual([expect.stringContaining("nothing was stored")]);
    expect(lines[lines.length - 1]).toMatch(/^E\(close\): /);
    expect(eventsOf(session, "stored")).toEqual([]);
    expect((await s.messages()).total).toBe(0);
    await assertStillServes(s);
  });

  it("200 connections opened and dropped at once: all recorded and closed, the server still serves", async () => {
    const s = await serve();
    const clients = await Promise.all(Array.from({ length: 200 }, () => RawClient.open(s.smtpPort)));
    for (const c of clients) c.socket.destroy();
    const sessions = await eventually("200 closed sessions", async () => {
      const page = await s.sessions();
      return page.total === 200 && page.sessions.every((x) => x.Ended !== "") ? page.sessions : undefined;
    });
    for (const x of sessions) {
      expect(["client-closed", "socket-error"]).toContain(x.CloseReason);
      expect(x.MessageIDs).toEqual([]);
    }
    const one = await s.session(sessions[0]?.ID ?? "");
    expect(eventsOf(one, "connect")).toHaveLength(1);
    expect(eventsOf(one, "close")).toHaveLength(1);
    await assertStillServes(s);
    expect((await s.sessions()).total).toBe(201);
  });
});

describe("timeouts and misdirected clients", () => {
  it("a client that says nothing gets 421 after the idle timeout and is closed", async () => {
    const s = await serve({ smtpIdleTimeoutMs: 300 });
    const c = await RawClient.open(s.smtpPort);
    open.push(c);
    const t0 = Date.now();
    await expectReply(c, 220);
    await expectReply(c, 421, /^421 4\.4\.2 Idle timeout/, 3000);
    await c.waitClosed();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    const session = await s.lastSession();
    const lines = transcriptText(session);
    expect(session.CloseReason, lines.join("\n")).toBe("idle-timeout");
    expect(lines.slice(-2)).toEqual(["S: 421 4.4.2 Idle timeout, closing connection", "E(close): connection closed (idle-timeout)"]);
    expect(clientLines(session)).toEqual([]);
    await assertStillServes(s);
  });

  it("HTTP sent to the SMTP port gets one 421 and the connection is closed", async () => {
    const s = await serve();
    const c = await RawClient.open(s.smtpPort);
    open.push(c);
    await expectReply(c, 220);
    c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await expectReply(c, 421, /^421 4\.7\.0 /);
    await c.waitClosed();
    // Nothing after the 421: the Host line and the blank line were never answered.
    await expect(c.reply(200)).rejects.toThrow('unread: ""');
    const session = await s.lastSession();
    const lines = transcriptText(session);
    expect(session.CloseReason, lines.join("\n")).toBe("forbidden-command");
    expect(clientLines(session).map((e) => e.Text)).toEqual(["GET / HTTP/1.1"]);
    expect(serverLines(session).map((e) => e.Text.slice(0, 3))).toEqual(["220", "421"]);
    await assertStillServes(s);
  });

  it("more connections than smtpMaxConnections: the sixth gets 421; a slot freed is reused", async () => {
    const s = await serve({ smtpMaxConnections: 5 });
    const five: RawClient[] = [];
    for (let i = 0; i < 5; i++) five.push(await client(s.smtpPort));
    const sixth = await RawClient.open(s.smtpPort);
    open.push(sixth);
    await expectReply(sixth, 421, /^421 4\.7\.0 Too many connections/);
    await sixth.waitClosed();
    const refused = await eventually("the refused session", async () => (await s.sessions()).sessions.find((x) => x.CloseReason === "too-many-connections"));
    const detail = await s.session(refused.ID);
    expect(serverLines(detail).map((e) => e.Text)).toEqual(["421 4.7.0 Too many connections, try again later"]);
    // The five are still served.
    for (const c of five) expect((await c.command("NOOP")).code).toBe(250);
    // Free one slot: a new client is served in full.
    const first = five[0] as RawClient;
    await first.command("QUIT");
    await first.waitClosed();
    await eventually("the quit session to close", async () => ((await s.sessions()).sessions.some((x) => x.CloseReason === "quit") ? true : undefined));
    await assertStillServes(s);
  });
});
