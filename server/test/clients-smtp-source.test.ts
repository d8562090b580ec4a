// Postfix's smtp-source load generator against a real Mailscope:
// 20 parallel sessions, 2000 messages of 1 KiB payload, one connection per
// message (no -d). All stored, every session clean.

import type { SessionSummary, SessionsSummary } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";
import { describeRun, rawBytes, requireProgram, run, transcriptText } from "./clients.js";

const SMTP_SOURCE = "/usr/sbin/smtp-source";
const MESSAGES = 2000;
const SESSIONS = 20;

let server: TestServer;
beforeAll(async () => {
  requireProgram(SMTP_SOURCE);
  server = await startTestServer();
});
afterAll(() => server.close());

async function allSessions(): Promise<SessionSummary[]> {
  const out: SessionSummary[] = [];
  for (let start = 0; ; start += 1000) {
    const page = await server.getJson<SessionsSummary>(`/api/v1/sessions?start=${start}&limit=1000`);
    out.push(...page.sessions);
    if (out.length >= page.total || page.sessions.length === 0) return out;
  }
}

describe("smtp-source", () => {
  it(`stores all ${MESSAGES} messages from ${SESSIONS} parallel sessions`, async () => {
    const started = Date.now();
    const r = await run(
      SMTP_SOURCE,
      ["-s", String(SESSIONS), "-m", String(MESSAGES), "-l", "1024", "-M", "source.test", "-S", "load", "-f", "a@x.test", "-t", "b@x.test", `127.0.0.1:${server.smtpPort}`],
      { timeoutMs: 60_000 },
    );
    expect(r.code, describeRun(r)).toBe(0);
    const elapsed = Date.now() - started;

    const list = await server.messages();
    expect(list.total, `after ${elapsed} ms`).toBe(MESSAGES);
    const sample = list.messages[0];
    expect(sample?.Subject).toBe("load");
    expect(sample?.From?.Address).toBe("a@x.test");
    const raw = (await rawBytes(server, sample?.ID ?? "")).toString("latin1");
    // -l 1024: 1024 bytes of payload as 80-byte lines (78 characters and CRLF), then the last 64
    // characters, to which smtp-source adds the CRLF that ends the data: 1026 bytes after the headers.
    const body = raw.slice(raw.indexOf("\r\n\r\n") + 4);
    expect(body.length).toBe(1026);
    expect(body.split("\r\n").map((l) => l.length)).toEqual([...Array<number>(12).fill(78), 64, 0]);

    // One session per message, each closed by QUIT with no error.
    const sessions = await allSessions();
    expect(sessions).toHaveLength(MESSAGES);
    const bad = sessions.filter((s) => s.Error !== "" || s.CloseReason !== "quit" || s.MessageIDs.length !== 1 || s.Helo !== "source.test");
    if (bad[0]) {
      const detail = await server.session(bad[0].ID);
      expect.fail(`${bad.length} sessions not clean, e.g. ${JSON.stringify({ ...bad[0], Transcript: transcriptText(detail) }, null, 1)}`);
    }
    const linked = new Set(sessions.flatMap((s) => s.MessageIDs));
    expect(linked.size).toBe(MESSAGES);
    // Every listed message links back to a session that lists it.
    const bySession = new Map(sessions.map((s) => [s.ID, s]));
    for (const m of list.messages) expect(bySession.get(m.SessionID)?.MessageIDs).toEqual([m.ID]);
  });

  it("with -d keeps connections open: 500 messages over 5 sessions, all linked", async () => {
    const fresh = await startTestServer();
    try {
      const r = await run(SMTP_SOURCE, ["-d", "-s", "5", "-m", "500", "-l", "200", "-M", "keep.test", "-f", "a@x.test", "-t", "b@x.test", `127.0.0.1:${fresh.smtpPort}`], {
        timeoutMs: 60_000,
      });
      expect(r.code, describeRun(r)).toBe(0);
      expect((await fresh.messages()).total).toBe(500);
      const page = await fresh.getJson<SessionsSummary>("/api/v1/sessions?limit=1000");
      expect(page.total).toBe(5);
      const counts = page.sessions.map((s) => s.MessageIDs.length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
      for (const s of page.sessions) {
        const detail = await fresh.closedSession(s.ID);
        expect(detail.Error, transcriptText(detail).slice(-6).join("\n")).toBe("");
        expect(detail.CloseReason).toBe("quit");
        expect(detail.Transcript.filter((e) => e.Event === "stored").map((e) => e.MessageID)).toEqual(detail.MessageIDs);
      }
    } finally {
      await fresh.close();
    }
  });
});
