// curl's SMTP upload (-T file) against a real Mailscope. What curl 7.88 does
// on the wire, checked by hand and asserted here:
// - it sends the file's bytes as they are: no LF -> CRLF conversion unless
//   --crlf is given (bare LFs are kept, and flagged by our transcript);
// - it dot-stuffs a "." at the start of the data and after every CRLF (not
//   after a bare LF), which we must undo exactly;
// - when the file does not end with CRLF it adds one before "." CRLF.

import { writeFile } from "node:fs/promises";
import type { MessageSummary } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";
import { clientLines, describeRun, eventsOf, rawBytes, requireProgram, run, transcriptText, tempDir, type RunResult } from "./clients.js";

const CURL = "/usr/bin/curl";

let server: TestServer;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  requireProgram(CURL);
  tmp = await tempDir();
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  await tmp.remove();
});

async function curlUpload(name: string, content: Buffer, extra: readonly string[] = []): Promise<{ r: RunResult; message: MessageSummary }> {
  const file = tmp.file(name);
  await writeFile(file, content);
  const before = (await server.messages()).total;
  const r = await run(
    CURL,
    ["--silent", "--show-error", "--max-time", "15", `smtp://127.0.0.1:${server.smtpPort}`, "--mail-from", "sender@x.test", "--mail-rcpt", "one@y.test", "--mail-rcpt", "two@y.test", "-T", file, ...extra],
    { timeoutMs: 30_000 },
  );
  expect(r.code, describeRun(r)).toBe(0);
  const list = await server.messages();
  expect(list.total).toBe(before + 1);
  return { r, message: list.messages[0] as MessageSummary };
}

describe("curl smtp:// upload", () => {
  it("stores the exact bytes of a CRLF file, with both recipients in the envelope", async () => {
    const content = Buffer.from(
      "From: Sender <sender@x.test>\r\nTo: one@y.test\r\nSubject: curl crlf\r\n\r\nfirst line\r\n\r\nüñíçødé bytes\r\nlast line\r\n",
      "utf8",
    );
    const { message } = await curlUpload("crlf.eml", content);
    expect((await rawBytes(server, message.ID)).equals(content)).toBe(true);
    expect(message.Subject).toBe("curl crlf");
    expect(message.Size).toBe(content.length);
    expect(message.To.map((a) => a.Address)).toEqual(["one@y.test"]);
    expect(message.Bcc.map((a) => a.Address)).toEqual(["two@y.test"]); // in the envelope, not in To

    const session = await server.closedSession(message.SessionID);
    expect(session.MessageIDs).toEqual([message.ID]);
    expect(session.CloseReason).toBe("quit");
    expect(session.Error).toBe("");
    const sent = clientLines(session).map((e) => e.Text);
    expect(sent[1]).toBe(`MAIL FROM:<sender@x.test> SIZE=${content.length}`);
    expect(sent.slice(2, 5)).toEqual(["RCPT TO:<one@y.test>", "RCPT TO:<two@y.test>", "DATA"]);
    const payload = session.Transcript.find((e) => e.MessageID === message.ID && e.Direction === "client");
    expect(payload?.Size).toBe(content.length);
    expect(payload?.Lines).toBe(8);
    // curl sent 8-bit text without BODY=8BITMIME: accepted, and the lint says so.
    expect(payload?.Notes.map((n) => n.Kind)).toEqual(["8bit-without-8bitmime"]);
    expect(eventsOf(session, "stored").map((e) => e.MessageID)).toEqual([message.ID]);
  });

  it("keeps an LF-only file as it is and adds the final CRLF curl appends; bare LFs are flagged", async () => {
    // No trailing newline: curl adds CRLF before the terminating dot.
    const content = Buffer.from("Subject: curl lf\n\nline one\nline two", "utf8");
    const { message } = await curlUpload("lf.eml", content);
    const raw = await rawBytes(server, message.ID);
    expect(raw.toString("latin1")).toBe("Subject: curl lf\n\nline one\nline two\r\n");
    const session = await server.closedSession(message.SessionID);
    const payload = session.Transcript.find((e) => e.MessageID === message.ID && e.Direction === "client");
    expect(payload?.Notes.map((n) => n.Kind)).toEqual(["bare-lf"]);
    expect(payload?.Notes[0]?.Text).toMatch(/^3 bare LFs/);
    expect(payload?.Lines).toBe(1);
  });

  it("with --crlf converts LF to CRLF, and we store the converted bytes", async () => {
    const content = Buffer.from("Subject: curl --crlf\n\nline one\n.dotted\nline three\n", "utf8");
    const { message } = await curlUpload("lf-crlf.eml", content, ["--crlf"]);
    const raw = await rawBytes(server, message.ID);
    expect(raw.toString("latin1")).toBe("Subject: curl --crlf\r\n\r\nline one\r\n.dotted\r\nline three\r\n");
    const session = await server.closedSession(message.SessionID);
    const payload = session.Transcript.find((e) => e.MessageID === message.ID && e.Direction === "client");
    expect(payload?.Notes).toEqual([]);
  });

  it("round-trips lines that start with dots (curl stuffs them, we remove the stuffing)", async () => {
    const content = Buffer.from(
      [".first line is a dot line", "Subject: curl dots", "", ".", "..", "...three", ". space", ".\t tab", "middle . dot", ".", "end", ""].join("\r\n"),
      "utf8",
    );
    const { message } = await curlUpload("dots.eml", content);
    const raw = await rawBytes(server, message.ID);
    expect(raw.toString("latin1")).toBe(content.toString("latin1"));
    // A lone "." line in the file did not end the data early: the message has everything after it.
    expect(raw.toString("latin1").endsWith("\r\n.\r\nend\r\n")).toBe(true);
    const session = await server.closedSession(message.SessionID);
    const lines = transcriptText(session);
    const payload = session.Transcript.find((e) => e.MessageID === message.ID && e.Direction === "client");
    expect(payload?.Size, lines.join("\n")).toBe(content.length);
    expect(payload?.Lines).toBe(11);
    // One payload entry, one stored message: a "." line inside did not split it.
    expect(session.MessageIDs).toEqual([message.ID]);
    expect(lines.filter((l) => l.startsWith("S: 250 2.0.0 Ok: queued"))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("S: 500"))).toEqual([]);
  });
});
