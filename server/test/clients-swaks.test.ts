// swaks against a real Mailscope: plain, STARTTLS, AUTH (PLAIN, LOGIN,
// CRAM-MD5) against an auth file, pipelining, implicit TLS, and the 530s of
// requireTls and authRequired. Every test checks what the API stored and
// what the transcript says crossed the wire.

import { writeFile } from "node:fs/promises";
import type { MessageSummary, SessionDetail } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";
import { clientLines, describeRun, eventsOf, rawBytes, requireProgram, run, serverLines, tempDir, transcriptText, type RunResult } from "./clients.js";

const SWAKS = "/usr/bin/swaks";
const PASSWORD = "Tr0ub4dor&3-horse";
const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

function swaks(port: number, subject: string, extra: readonly string[]): Promise<RunResult> {
  return run(
    SWAKS,
    ["--server", `127.0.0.1:${port}`, "--helo", "swaks.test", "--from", "a@x.test", "--to", "b@x.test", "--header", `Subject: ${subject}`, "--timeout", "10", ...extra],
    { timeoutMs: 30_000 },
  );
}

async function messageWithSubject(server: TestServer, subject: string): Promise<MessageSummary> {
  const list = await server.messages();
  const found = list.messages.filter((m) => m.Subject === subject);
  expect(found, `messages with subject ${subject}`).toHaveLength(1);
  return found[0] as MessageSummary;
}

/** The stored message and its closed session, with the links between them checked. */
async function storedBySwaks(server: TestServer, subject: string, error: string | RegExp = ""): Promise<{ message: MessageSummary; session: SessionDetail }> {
  const message = await messageWithSubject(server, subject);
  const session = await server.closedSession(message.SessionID);
  expect(session.MessageIDs).toEqual([message.ID]);
  const payload = session.Transcript.find((e) => e.MessageID === message.ID && e.Direction === "client");
  expect(payload?.Text, transcriptText(session).join("\n")).toMatch(/^\[message data: \d+ bytes, \d+ lines\]$/);
  expect(payload?.Size).toBe(message.Size);
  expect(eventsOf(session, "stored").map((e) => e.MessageID)).toEqual([message.ID]);
  expect(serverLines(session).map((e) => e.Text)).toContain(`250 2.0.0 Ok: queued as ${message.ID}`);
  expect(session.CloseReason).toBe("quit");
  if (error === "") expect(session.Error).toBe("");
  else expect(session.Error).toMatch(error);
  return { message, session };
}

beforeAll(() => requireProgram(SWAKS));

describe("swaks, plain and STARTTLS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("delivers a plain message: stored with its envelope, the transcript shows each command", async () => {
    const r = await swaks(server.smtpPort, "swaks plain", ["--body", "hello from swaks"]);
    expect(r.code, describeRun(r)).toBe(0);
    const { message, session } = await storedBySwaks(server, "swaks plain");
    expect(message.From?.Address).toBe("a@x.test");
    expect(message.To.map((a) => a.Address)).toEqual(["b@x.test"]);
    expect(session.Helo).toBe("swaks.test");
    expect(session.TLS).toBeNull();
    // The stored bytes are exactly the data lines swaks printed (between the 354 and the final dot), CRLF-terminated.
    const out = r.stdout.split("\n");
    const from = out.findIndex((l) => l.startsWith("<-  354 "));
    const to = out.indexOf(" -> .");
    expect(from, r.stdout).toBeGreaterThan(0);
    expect(to, r.stdout).toBeGreaterThan(from);
    const sentData = out.slice(from + 1, to).map((l) => l.slice(4).replace(/\r$/, ""));
    const raw = (await rawBytes(server, message.ID)).toString("utf8");
    expect(raw).toBe(sentData.map((l) => `${l}\r\n`).join(""));
    expect(raw).toContain("Subject: swaks plain\r\n");
    expect(raw).toContain("\r\n\r\nhello from swaks\r\n");
    expect(clientLines(session).map((e) => e.Text)).toEqual([
      "EHLO swaks.test",
      "MAIL FROM:<a@x.test>",
      "RCPT TO:<b@x.test>",
      "DATA",
      expect.stringMatching(/^\[message data: /),
      "QUIT",
    ]);
    expect(serverLines(session).map((e) => e.Text.split("\n")[0])).toEqual([
      "220 mailscope.test Mailscope ESMTP ready",
      "250-mailscope.test greets you",
      "250 2.1.0 Sender OK",
      "250 2.1.5 Recipient OK",
      "354 End data with <CR><LF>.<CR><LF>",
      `250 2.0.0 Ok: queued as ${message.ID}`,
      "221 2.0.0 Bye",
    ]);
    expect(eventsOf(session, "connect")).toHaveLength(1);
    expect(eventsOf(session, "close")).toHaveLength(1);
  });

  it("upgrades with STARTTLS (-tls): TLS protocol on the session, a tls event, EHLO again, message stored", async () => {
    const r = await swaks(server.smtpPort, "swaks starttls", ["-tls"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("=== TLS started with cipher");
    const { message, session } = await storedBySwaks(server, "swaks starttls");
    expect(session.TLS?.Protocol).toMatch(/^TLSv1\.[23]$/);
    expect(session.TLS?.Cipher).not.toBe("");
    const tls = eventsOf(session, "tls");
    expect(tls).toHaveLength(1);
    expect(tls[0]?.Text).toContain(session.TLS?.Protocol ?? "?");
    const lines = transcriptText(session);
    const starttls = lines.indexOf("C: STARTTLS");
    expect(starttls, lines.join("\n")).toBeGreaterThan(0);
    expect(lines[starttls + 1]).toBe("S: 220 2.0.0 Ready to start TLS");
    const tlsAt = lines.findIndex((l) => l.startsWith("E(tls): "));
    expect(tlsAt).toBeGreaterThan(starttls);
    // RFC 3207: EHLO again after the handshake, and STARTTLS is no longer offered.
    expect(lines.slice(tlsAt + 1, tlsAt + 2)).toEqual(["C: EHLO swaks.test"]);
    const secondEhloReply = serverLines(session).filter((e) => e.Text.startsWith("250-mailscope.test"))[1];
    expect(secondEhloReply?.Text).toBeDefined();
    expect(secondEhloReply?.Text).not.toContain("STARTTLS");
    expect(lines.indexOf("C: MAIL FROM:<a@x.test>")).toBeGreaterThan(tlsAt);
    expect(message.To.map((a) => a.Address)).toEqual(["b@x.test"]);
  });

  it("keeps replies in order for a pipelined transaction (--pipeline), a refused recipient in the middle", async () => {
    const r = await swaks(server.smtpPort, "swaks pipeline", ["--pipeline", "--to", "b@x.test,c@@x.test,d@x.test", "--header", "To: b@x.test"]);
    expect(r.code, describeRun(r)).toBe(0);
    // swaks really pipelined: all four commands went out before the first reply came back.
    expect(r.stdout).toMatch(/ -> MAIL FROM:<a@x\.test>\n -> RCPT TO:<b@x\.test>\n -> RCPT TO:<c@@x\.test>\n -> RCPT TO:<d@x\.test>\n -> DATA\n<-  250 /);
    // The refused recipient is why the session is marked, though a message was stored.
    const { message, session } = await storedBySwaks(server, "swaks pipeline", /^501 5\.1\.3 /);
    const lines = transcriptText(session);
    const mail = lines.indexOf("C: MAIL FROM:<a@x.test>");
    expect(lines.slice(mail, mail + 10), lines.join("\n")).toEqual([
      "C: MAIL FROM:<a@x.test>",
      "S: 250 2.1.0 Sender OK",
      "C: RCPT TO:<b@x.test>",
      "S: 250 2.1.5 Recipient OK",
      "C: RCPT TO:<c@@x.test>",
      expect.stringMatching(/^S: 501 5\.1\.3 /),
      "C: RCPT TO:<d@x.test>",
      "S: 250 2.1.5 Recipient OK",
      "C: DATA",
      "S: 354 End data with <CR><LF>.<CR><LF>",
    ]);
    // The envelope kept the two accepted recipients: d is not in To, so it is a Bcc.
    expect(message.To.map((a) => a.Address)).toEqual(["b@x.test"]);
    expect(message.Bcc.map((a) => a.Address)).toEqual(["d@x.test"]);
  });
});

describe("swaks AUTH against an auth file", () => {
  let server: TestServer;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
    const authFile = tmp.file("users.txt");
    await writeFile(authFile, `# test users\nalice:${PASSWORD}\nbob:other-secret\n`);
    server = await startTestServer({ authFile });
  });
  afterAll(async () => {
    await server.close();
    await tmp.remove();
  });

  /** The client lines swaks sent between AUTH and the server's 235/535 (its stdout, " -> " prefix). */
  function swaksAuthLines(stdout: string): string[] {
    const lines = stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith(" -> AUTH "));
    const end = lines.findIndex((l, i) => i > start && /^<.. (235|535) /.test(l));
    expect(start, stdout).toBeGreaterThan(0);
    expect(end, stdout).toBeGreaterThan(start);
    return lines.slice(start, end).filter((l) => l.startsWith(" -> ")).map((l) => l.slice(4));
  }

  it.each(["PLAIN", "LOGIN", "CRAM-MD5"] as const)("AUTH %s: stored, user shown, password masked everywhere", async (mech) => {
    const subject = `swaks auth ${mech}`;
    const r = await swaks(server.smtpPort, subject, ["-a", mech, "-au", "alice", "-ap", PASSWORD]);
    expect(r.code, describeRun(r)).toBe(0);
    const { message, session } = await storedBySwaks(server, subject);
    expect(message.Username).toBe("alice");
    expect(session.AuthUser).toBe("alice");
    expect(eventsOf(session, "auth").map((e) => e.Text)).toEqual([`authenticated as "alice" (${mech})`]);
    expect(serverLines(session).map((e) => e.Text)).toContain("235 2.7.0 Authentication successful");

    // No secret anywhere in the session: not the password, not its base64, not any secret line swaks sent.
    const json = JSON.stringify(session);
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain(b64(PASSWORD));
    const sent = swaksAuthLines(r.stdout);
    const lines = transcriptText(session);
    const authAt = lines.findIndex((l) => l.startsWith("C: AUTH "));
    const auth = session.Transcript.slice(authAt);
    if (mech === "PLAIN") {
      expect(sent).toEqual([`AUTH PLAIN ${b64(`\0alice\0${PASSWORD}`)}`]);
      expect(json).not.toContain(b64(`\0alice\0${PASSWORD}`));
      expect(auth[0]?.Text).toBe("AUTH PLAIN ********");
      expect(auth[0]?.Decoded).toBe('user "alice"');
    } else if (mech === "LOGIN") {
      expect(sent).toEqual(["AUTH LOGIN", b64("alice"), b64(PASSWORD)]);
      expect(lines.slice(authAt, authAt + 5)).toEqual([
        "C: AUTH LOGIN",
        `S: 334 ${b64("Username:")}`,
        `C: ${b64("alice")}`,
        `S: 334 ${b64("Password:")}`,
        "C: ********",
      ]);
      expect(auth[2]?.Decoded).toBe('user "alice"');
    } else {
      expect(sent).toHaveLength(2);
      const response = sent[1] ?? "";
      expect(json).not.toContain(response);
      expect(lines[authAt]).toBe("C: AUTH CRAM-MD5");
      expect(lines[authAt + 1]).toMatch(/^S: 334 [A-Za-z0-9+/=]+$/);
      expect(lines[authAt + 2]).toBe("C: ********");
      expect(auth[2]?.Decoded).toBe('user "alice"');
      // The response is the user and an HMAC of the challenge swaks saw.
      expect(Buffer.from(response, "base64").toString("utf8")).toMatch(/^alice [0-9a-f]{32}$/);
    }
  });

  it("a wrong password gets 535: swaks fails, the transcript has the 535, the session says why, nothing stored", async () => {
    const before = (await server.messages()).total;
    const r = await swaks(server.smtpPort, "swaks wrong password", ["-a", "PLAIN", "-au", "alice", "-ap", "not-the-password"]);
    expect(r.code, describeRun(r)).not.toBe(0);
    const session = await server.lastSession();
    const lines = transcriptText(session);
    expect(lines, lines.join("\n")).toContain("S: 535 5.7.8 Authentication credentials invalid");
    expect(eventsOf(session, "auth").map((e) => e.Text)).toEqual(['authentication failed for "alice" (PLAIN)']);
    expect(session.AuthUser).toBe("");
    expect(session.MessageIDs).toEqual([]);
    expect(lines).not.toContain("C: MAIL FROM:<a@x.test>");
    expect(JSON.stringify(session)).not.toContain("not-the-password");
    expect(JSON.stringify(session)).not.toContain(b64("\0alice\0not-the-password"));
    // A session that failed is one people debug: it must say why, even though the client said QUIT afterwards.
    expect(session.Error, `session ${session.ID} CloseReason ${session.CloseReason}`).toContain("535");
    expect((await server.messages()).total).toBe(before);
  });
});

describe("swaks with showSecrets", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ showSecrets: true });
  });
  afterAll(() => server.close());

  it("shows the AUTH PLAIN response and the password when asked to", async () => {
    const r = await swaks(server.smtpPort, "swaks show secrets", ["-a", "PLAIN", "-au", "alice", "-ap", PASSWORD]);
    expect(r.code, describeRun(r)).toBe(0);
    const { session } = await storedBySwaks(server, "swaks show secrets");
    const auth = session.Transcript.find((e) => e.Direction === "client" && e.Text.startsWith("AUTH "));
    expect(auth?.Text).toBe(`AUTH PLAIN ${b64(`\0alice\0${PASSWORD}`)}`);
    expect(auth?.Decoded).toContain(PASSWORD);
  });
});

describe("swaks with implicit TLS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ implicitTls: true });
  });
  afterAll(() => server.close());

  it.each([
    ["--protocol SMTPS (HELO)", ["--protocol", "SMTPS"], "HELO swaks.test"],
    ["-tlsc (EHLO)", ["-tlsc"], "EHLO swaks.test"],
  ] as const)("%s: TLS from the first byte, message stored", async (name, args, hello) => {
    const subject = `swaks implicit ${name}`;
    const r = await swaks(server.smtpPort, subject, args);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("=== TLS started with cipher");
    const { session } = await storedBySwaks(server, subject);
    expect(session.TLS?.Protocol).toMatch(/^TLSv1\.[23]$/);
    const lines = transcriptText(session);
    // connect, tls, then the greeting: the greeting itself went over TLS.
    expect(lines[0]).toMatch(/^E\(connect\): /);
    expect(lines[1]).toMatch(/^E\(tls\): TLS established: TLSv1\.[23] /);
    expect(lines[2]).toBe("S: 220 mailscope.test Mailscope ESMTP ready");
    expect(lines[3]).toBe(`C: ${hello}`);
    expect(lines).not.toContain("C: STARTTLS");
    const ehloReply = serverLines(session)[1]?.Text ?? "";
    expect(ehloReply).not.toContain("STARTTLS");
  });
});

describe("swaks with requireTls", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ requireTls: true });
  });
  afterAll(() => server.close());

  it("MAIL without STARTTLS gets 530; nothing stored; the session says why", async () => {
    const r = await swaks(server.smtpPort, "swaks no tls", []);
    expect(r.code, describeRun(r)).not.toBe(0);
    const session = await server.lastSession();
    const lines = transcriptText(session);
    const mail = lines.indexOf("C: MAIL FROM:<a@x.test>");
    expect(mail, lines.join("\n")).toBeGreaterThan(0);
    expect(lines[mail + 1]).toBe("S: 530 5.7.0 Must issue a STARTTLS command first");
    expect(session.MessageIDs).toEqual([]);
    expect(session.Error).toContain("530");
    expect((await server.messages()).total).toBe(0);
  });

  it("the same client with -tls is accepted", async () => {
    const r = await swaks(server.smtpPort, "swaks with tls", ["-tls"]);
    expect(r.code, describeRun(r)).toBe(0);
    const { session } = await storedBySwaks(server, "swaks with tls");
    expect(session.TLS).not.toBeNull();
  });
});

describe("swaks with authRequired", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ authRequired: true });
  });
  afterAll(() => server.close());

  it("MAIL without AUTH gets 530; nothing stored; the session says why", async () => {
    const r = await swaks(server.smtpPort, "swaks no auth", []);
    expect(r.code, describeRun(r)).not.toBe(0);
    const session = await server.lastSession();
    const lines = transcriptText(session);
    const mail = lines.indexOf("C: MAIL FROM:<a@x.test>");
    expect(mail, lines.join("\n")).toBeGreaterThan(0);
    expect(lines[mail + 1]).toBe("S: 530 5.7.0 Authentication required");
    expect(session.MessageIDs).toEqual([]);
    expect(session.Error).toContain("530");
    expect((await server.messages()).total).toBe(0);
  });

  it("with AUTH (no auth file: any credentials) the message is stored under that user", async () => {
    const r = await swaks(server.smtpPort, "swaks with auth", ["-a", "LOGIN", "-au", "carol", "-ap", "whatever-pw"]);
    expect(r.code, describeRun(r)).toBe(0);
    const { message, session } = await storedBySwaks(server, "swaks with auth");
    expect(session.AuthUser).toBe("carol");
    expect(message.Username).toBe("carol");
    expect(JSON.stringify(session)).not.toContain("whatever-pw");
  });
});
