// PIPELINING: replies come in order whatever the packet split.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient, sleep, startTestServer, type TestServer } from "./harness.js";

const SCRIPT =
  "EHLO pipe.test\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@x.test>\r\nRCPT TO:<bad\r\nRCPT TO:<c@x.test>\r\nDATA\r\n" +
  "Subject: piped\r\n\r\n..dot\r\n.\r\nMAIL FROM:<d@x.test>\r\nRCPT TO:<e@x.test>\r\nBDAT 14 LAST\r\nSubject: b\r\n\r\nNOOP\r\nQUIT\r\n";
const EXPECTED = [220, 250, 250, 250, 501, 250, 354, 250, 250, 250, 250, 250, 221];

async function runSplit(port: number, pieces: string[]): Promise<number[]> {
  const c = await RawClient.open(port);
  c.socket.setNoDelay(true);
  for (const p of pieces) {
    c.write(p);
    await sleep(2); // separate TCP segments on loopback
  }
  const codes: number[] = [];
  for (;;) {
    const r = await c.reply();
    codes.push(r.code);
    if (r.code === 221) break;
  }
  await c.waitClosed();
  return codes;
}

describe("pipelining", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("answers in order when everything arrives in one packet", async () => {
    expect(await runSplit(server.smtpPort, [SCRIPT])).toEqual(EXPECTED);
    const s = await server.lastSession();
    expect(s.MessageIDs).toHaveLength(2);
    const list = await server.messages();
    const subjects = list.messages.filter((m) => s.MessageIDs.includes(m.ID)).map((m) => m.Subject);
    expect(subjects.sort()).toEqual(["b", "piped"]);
  });

  it("answers in order for every two-way split of the input", async () => {
    const bytes = Buffer.from(SCRIPT);
    for (let i = 1; i < bytes.length; i += 3) {
      const codes = await runSplit(server.smtpPort, [bytes.subarray(0, i).toString(), bytes.subarray(i).toString()]);
      expect(codes, `split at ${i}`).toEqual(EXPECTED);
    }
  });

  it("answers in order when the client sends one byte at a time", async () => {
    const pieces = [...SCRIPT];
    const c = await RawClient.open(server.smtpPort);
    c.socket.setNoDelay(true);
    for (const p of pieces) c.socket.write(p);
    const codes: number[] = [];
    for (;;) {
      const r = await c.reply();
      codes.push(r.code);
      if (r.code === 221) break;
    }
    expect(codes).toEqual(EXPECTED);
  });

  it("notes commands pipelined without the extension (after HELO)", async () => {
    const c = await RawClient.open(server.smtpPort);
    await c.reply();
    c.write("HELO old.test\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<b@x.test>\r\nQUIT\r\n");
    for (let i = 0; i < 4; i++) await c.reply();
    const s = await server.lastSession();
    const rcpt = s.Transcript.find((e) => e.Text.startsWith("RCPT"));
    expect(rcpt?.Notes.map((n) => n.Kind)).toContain("unadvertised-pipelining");
  });
});
