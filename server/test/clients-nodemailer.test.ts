// nodemailer's pooled SMTP transport against a real Mailscope: 50 messages
// (text, HTML and an attachment) over at most 3 connections, upgraded with
// STARTTLS. Every message is stored once with its subject, and the sessions
// and messages link to each other.

import { createTransport } from "nodemailer";
import type { MessageSummary, SessionDetail } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.js";
import { eventsOf, rawBytes, transcriptText } from "./clients.js";

const COUNT = 50;
const MAX_CONNECTIONS = 3;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("nodemailer pool", () => {
  it(`sends ${COUNT} messages over at most ${MAX_CONNECTIONS} pooled connections`, async () => {
    const transport = createTransport({
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      host: "127.0.0.1",
      port: server.smtpPort,
      secure: false,
      name: "nodemailer.test",
      tls: { rejectUnauthorized: false },
      connectionTimeout: 10_000,
      socketTimeout: 15_000,
    });
    const queuedIds = new Map<string, string>(); // subject -> ID from the 250 reply
    try {
      const results = await Promise.all(
        Array.from({ length: COUNT }, (_, i) =>
          transport.sendMail({
            from: '"Pool Sender" <pool@x.test>',
            to: `rcpt${i}@y.test`,
            subject: `pooled ${i}`,
            text: `plain body ${i}`,
            html: `<p>html body <b>${i}</b></p>`,
            attachments: [{ filename: `data-${i}.txt`, content: Buffer.from(`attachment ${i}\n`), contentType: "text/plain" }],
          }),
        ),
      );
      results.forEach((info, i) => {
        expect(info.accepted).toEqual([`rcpt${i}@y.test`]);
        const m = /^250 2\.0\.0 Ok: queued as (\S+)$/.exec(info.response);
        expect(m, info.response).not.toBeNull();
        queuedIds.set(`pooled ${i}`, m?.[1] ?? "");
      });
    } finally {
      transport.close();
    }

    const list = await server.messages();
    expect(list.total).toBe(COUNT);
    const bySubject = new Map<string, MessageSummary>(list.messages.map((m) => [m.Subject, m]));
    expect([...bySubject.keys()].sort()).toEqual(Array.from({ length: COUNT }, (_, i) => `pooled ${i}`).sort());
    for (const [subject, id] of queuedIds) {
      const m = bySubject.get(subject);
      expect(m?.ID, subject).toBe(id);
      expect(m?.Attachments).toBe(1);
      expect(m?.From).toEqual({ Name: "Pool Sender", Address: "pool@x.test" });
      expect(m?.To.map((a) => a.Address)).toEqual([`rcpt${subject.split(" ")[1]}@y.test`]);
    }

    const sample = bySubject.get("pooled 7");
    const raw = (await rawBytes(server, sample?.ID ?? "")).toString("utf8");
    expect(raw).toContain("Content-Type: text/html");
    expect(raw).toContain('filename=data-7.txt');
    expect(raw).toContain("Subject: pooled 7\r\n");

    // The sessions that carried them: few, upgraded to TLS, and linked both ways.
    const sessionIds = [...new Set(list.messages.map((m) => m.SessionID))];
    expect(sessionIds.length).toBeGreaterThan(1); // spread over the pool
    expect(sessionIds.length).toBeLessThanOrEqual(MAX_CONNECTIONS);
    const sessions: SessionDetail[] = [];
    for (const id of sessionIds) sessions.push(await server.closedSession(id));
    const carried = sessions.flatMap((s) => s.MessageIDs);
    expect(carried.sort()).toEqual(list.messages.map((m) => m.ID).sort());
    for (const m of list.messages) {
      const s = sessions.find((x) => x.ID === m.SessionID);
      expect(s?.MessageIDs, `message ${m.ID}`).toContain(m.ID);
    }
    for (const s of sessions) {
      const lines = transcriptText(s);
      expect(s.Helo).toBe("nodemailer.test");
      expect(s.TLS, lines.slice(0, 12).join("\n")).not.toBeNull();
      // nodemailer's pool.close() ends its sockets without QUIT: between transactions, so nothing was lost.
      expect(s.CloseReason).toBe("client-closed");
      expect(s.Error).toBe("client disconnected without QUIT");
      expect(eventsOf(s, "refused")).toEqual([]);
      expect(eventsOf(s, "stored").map((e) => e.MessageID)).toEqual(s.MessageIDs);
      expect(eventsOf(s, "tls")).toHaveLength(1);
      expect(lines.filter((l) => /^S: [45]\d\d/.test(l))).toEqual([]);
    }
    // The pool really pooled: some session carried more than one message.
    expect(Math.max(...sessions.map((s) => s.MessageIDs.length))).toBeGreaterThan(1);
  });
});
