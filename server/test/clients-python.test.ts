// Python's smtplib against a real Mailscope: a plain sendmail, send_message
// with SMTPUTF8 addresses, and starttls() + login() against an auth file.
// The script is passed with -c and its inputs as argv (never interpolated).

import { writeFile } from "node:fs/promises";
import type { MessageSummary } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";
import { clientLines, describeRun, eventsOf, rawBytes, run, serverLines, tempDir, transcriptText } from "./clients.js";

const SCRIPT = String.raw`
import json, smtplib, ssl, sys
from email.message import EmailMessage

mode, port = sys.argv[1], int(sys.argv[2])
args = sys.argv[3:]
out = {}
with smtplib.SMTP("127.0.0.1", port, local_hostname="python.test", timeout=15) as s:
    if mode == "plain":
        sender, rcpt, body = args
        out["refused"] = s.sendmail(sender, [rcpt], body.encode("utf-8"))
    elif mode == "utf8":
        sender, rcpt, subject = args
        m = EmailMessage()
        m["From"] = sender
        m["To"] = rcpt
        m["Subject"] = subject
        m.set_content("Grüße aus Python\n")
        out["refused"] = s.send_message(m, mail_options=["SMTPUTF8"])
    elif mode == "tls-login":
        user, password, subject = args
        s.ehlo()
        out["starttls"] = s.starttls(context=ssl._create_unverified_context())[0]
        out["cipher"] = s.sock.cipher()[1]
        s.ehlo()
        out["login"] = s.login(user, password)[0]
        m = EmailMessage()
        m["From"] = "py@x.test"
        m["To"] = "dest@y.test"
        m["Subject"] = subject
        m.set_content("sent over TLS after login\n")
        out["refused"] = s.send_message(m)
    else:
        raise SystemExit("unknown mode " + mode)
print(json.dumps(out))
`;

function python(mode: string, port: number, args: readonly string[]): ReturnType<typeof run> {
  return run("python3", ["-c", SCRIPT, mode, String(port), ...args], { timeoutMs: 30_000 });
}

async function onlyNewMessage(server: TestServer, before: number): Promise<MessageSummary> {
  const list = await server.messages();
  expect(list.total).toBe(before + 1);
  return list.messages[0] as MessageSummary;
}

describe("python smtplib", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("sendmail: a plain message stored byte for byte (smtplib sends CRLF and stuffs dots)", async () => {
    const body = "From: py@x.test\r\nTo: dest@y.test\r\nSubject: python plain\r\n\r\nline\r\n.leading dot\r\n.\r\nafter a lone dot\r\n";
    const r = await python("plain", server.smtpPort, ["py@x.test", "dest@y.test", body]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ refused: {} });
    const message = await onlyNewMessage(server, 0);
    expect(message.Subject).toBe("python plain");
    expect((await rawBytes(server, message.ID)).toString("utf8")).toBe(body);
    const session = await server.closedSession(message.SessionID);
    expect(session.Helo).toBe("python.test");
    expect(session.CloseReason).toBe("quit");
    expect(session.Error).toBe("");
    expect(session.MessageIDs).toEqual([message.ID]);
    const sent = clientLines(session).map((e) => e.Text);
    expect(sent.slice(0, 4)).toEqual(["ehlo python.test", `mail FROM:<py@x.test> size=${Buffer.byteLength(body)}`, "rcpt TO:<dest@y.test>", "data"]);
    expect(eventsOf(session, "stored").map((e) => e.MessageID)).toEqual([message.ID]);
  });

  it("send_message with SMTPUTF8: the UTF-8 envelope and headers are kept", async () => {
    const before = (await server.messages()).total;
    const from = "jörg@exämple.test";
    const to = "用户@例子.测试";
    const r = await python("utf8", server.smtpPort, [from, to, "Grüße ✓"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ refused: {} });
    const message = await onlyNewMessage(server, before);
    expect(message.Subject).toBe("Grüße ✓");
    expect(message.From?.Address).toBe(from);
    expect(message.To.map((a) => a.Address)).toEqual([to]);
    expect(message.Bcc).toEqual([]); // the envelope recipient is the To address, byte for byte
    const raw = (await rawBytes(server, message.ID)).toString("utf8");
    expect(raw).toContain(`To: ${to}\r\n`);
    expect(raw).toContain("Grüße aus Python\r\n");

    const session = await server.closedSession(message.SessionID);
    const lines = transcriptText(session);
    const mail = session.Transcript.find((e) => e.Direction === "client" && /^mail FROM:/i.test(e.Text));
    expect(mail?.Text, lines.join("\n")).toMatch(new RegExp(`^mail FROM:<${from}> size=\\d+ .*SMTPUTF8`));
    expect(mail?.Notes).toEqual([]); // SMTPUTF8 was declared: no 8-bit lint
    const rcpt = session.Transcript.find((e) => e.Direction === "client" && /^rcpt TO:/i.test(e.Text));
    expect(rcpt?.Text).toBe(`rcpt TO:<${to}>`);
    expect(rcpt?.Notes).toEqual([]);
    expect(lines[lines.indexOf(`C: rcpt TO:<${to}>`) + 1]).toBe("S: 250 2.1.5 Recipient OK");
    const payload = session.Transcript.find((e) => e.MessageID === message.ID && e.Direction === "client");
    expect(payload?.Notes).toEqual([]);
  });
});

describe("python smtplib starttls() + login()", () => {
  let server: TestServer;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
    const authFile = tmp.file("users.txt");
    await writeFile(authFile, "pyuser:py-Secret-42\n");
    server = await startTestServer({ authFile, requireTls: true, authRequired: true });
  });
  afterAll(async () => {
    await server.close();
    await tmp.remove();
  });

  it("upgrades, authenticates and delivers; the password never appears in the session", async () => {
    const r = await python("tls-login", server.smtpPort, ["pyuser", "py-Secret-42", "python tls login"]);
    expect(r.code, describeRun(r)).toBe(0);
    const out = JSON.parse(r.stdout) as { starttls: number; cipher: string; login: number; refused: object };
    expect(out).toMatchObject({ starttls: 220, login: 235, refused: {} });
    const message = await onlyNewMessage(server, 0);
    expect(message.Subject).toBe("python tls login");
    expect(message.Username).toBe("pyuser");
    const session = await server.closedSession(message.SessionID);
    expect(session.TLS?.Protocol).toBe(out.cipher);
    expect(session.AuthUser).toBe("pyuser");
    expect(session.Error).toBe("");
    expect(eventsOf(session, "tls")).toHaveLength(1);
    // smtplib prefers CRAM-MD5 when offered.
    expect(eventsOf(session, "auth").map((e) => e.Text)).toEqual(['authenticated as "pyuser" (CRAM-MD5)']);
    expect(serverLines(session).map((e) => e.Text)).toContain("235 2.7.0 Authentication successful");
    const lines = transcriptText(session);
    // STARTTLS, then the tls event, then EHLO and AUTH inside TLS.
    const order = ["C: STARTTLS", "S: 220 2.0.0 Ready to start TLS"].map((l) => lines.indexOf(l));
    expect(order[0], lines.join("\n")).toBeGreaterThan(0);
    expect(order[1]).toBe((order[0] ?? 0) + 1);
    const tlsAt = lines.findIndex((l) => l.startsWith("E(tls): "));
    const authAt = lines.findIndex((l) => l.startsWith("C: AUTH "));
    expect(tlsAt).toBeGreaterThan(order[1] ?? 0);
    expect(authAt).toBeGreaterThan(tlsAt);
    expect(lines.slice(authAt, authAt + 4)).toEqual([
      "C: AUTH CRAM-MD5",
      expect.stringMatching(/^S: 334 [A-Za-z0-9+/=]+$/),
      "C: ********",
      "E(auth): authenticated as \"pyuser\" (CRAM-MD5)",
    ]);
    expect(session.Transcript[authAt + 2]?.Decoded).toBe('user "pyuser"');
    const json = JSON.stringify(session);
    expect(json).not.toContain("py-Secret-42");
    expect(json).not.toContain(Buffer.from("py-Secret-42").toString("base64"));
  });
});
