// What rules do over real connections: a 450 that clears on retry, a
// measured pause, a drop at the end of data, repeatable chances, header
// matches, a refused greeting, pipelined replies kept in order behind a
// pause, and rules cleared by one test not leaking into the next.

import type { SessionDetail, TranscriptEntry } from "@mailscope/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventsOf, transcriptText } from "./clients.js";
import { addRule, clearRules, faultEvents, listRules, nodemailerSend, pythonSmtp } from "./faults-helpers.js";
import { RawClient, ready, startTestServer, type TestServer } from "./harness.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => clearRules(server));

const total = async (): Promise<number> => (await server.messages()).total;

/** The first client entry matching, and the server reply after it. */
function exchange(s: SessionDetail, client: (e: TranscriptEntry) => boolean): { sent: TranscriptEntry; reply: TranscriptEntry } {
  const sent = s.Transcript.find((e) => e.Direction === "client" && client(e));
  const reply = sent === undefined ? undefined : s.Transcript.find((e) => e.Seq > sent.Seq && e.Direction === "server");
  if (sent === undefined || reply === undefined) throw new Error(`no such exchange in\n${transcriptText(s).join("\n")}`);
  return { sent, reply };
}

describe("450 once, then accept", () => {
  it("a nodemailer send fails with 450, the retry succeeds, one message is stored", async () => {
    const rule = await addRule(server, { Name: "busy once", Stage: "rcpt", Action: { Type: "reply", Code: 450 }, Times: 1 });
    const before = await total();
    const first = await nodemailerSend(server.smtpPort, { subject: "retried" });
    expect(first.ok).toBe(false);
    expect(first.code).toBe(450);
    const failed = await server.lastSession();
    expect(faultEvents(failed)).toEqual([`fault rule ${rule.ID} "busy once" at rcpt: reply 450`]);

    const retry = await nodemailerSend(server.smtpPort, { subject: "retried" });
    expect(retry.ok, retry.message).toBe(true);
    const list = await server.messages();
    expect(list.total).toBe(before + 1);
    expect(list.messages.filter((m) => m.Subject === "retried")).toHaveLength(1);
    expect(faultEvents(await server.lastSession())).toEqual([]);
    expect(await listRules(server)).toMatchObject([{ ID: rule.ID, Fired: 1, Remaining: 0 }]);
  });
});

describe("a delay rule", () => {
  const TOLERANCE_MS = 250;

  it("the pause between MAIL and its reply in the transcript is the rule's delay", async () => {
    await addRule(server, { Stage: "mail", Action: { Type: "delay", Ms: 400 } });
    const out = await nodemailerSend(server.smtpPort);
    expect(out.ok, out.message).toBe(true);
    const s = await server.lastSession();
    const { sent, reply } = exchange(s, (e) => /^MAIL FROM/i.test(e.Text));
    expect(reply.Text).toMatch(/^250 /);
    const pause = reply.Time - sent.Time;
    expect(pause).toBeGreaterThanOrEqual(399);
    expect(pause).toBeLessThan(400 + TOLERANCE_MS);
  });

  it("a pause at the end of data, then a reply: measured from the payload entry", async () => {
    await addRule(server, { Stage: "data-end", Action: { Type: "delay", Ms: 300, Then: { Type: "reply", Code: 451 } } });
    const out = await pythonSmtp("send", server.smtpPort);
    expect(out).toMatchObject({ error: "SMTPDataError", code: 451 });
    const s = await server.lastSession();
    const { sent, reply } = exchange(s, (e) => e.Text.startsWith("[message data"));
    expect(reply.Text).toMatch(/^451 4\.3\.0 /);
    expect(reply.Time - sent.Time).toBeGreaterThanOrEqual(299);
    expect(reply.Time - sent.Time).toBeLessThan(300 + TOLERANCE_MS);
    expect(eventsOf(s, "refused").map((e) => e.Text).join()).toMatch(/^message not stored: refused by fault rule \d+: 451$/);
  });

  it("pipelined commands behind a pause are answered in order", async () => {
    await addRule(server, { Stage: "rcpt", Match: { Address: "slow@y.test" }, Action: { Type: "delay", Ms: 200 } });
    const c = await ready(server.smtpPort);
    c.write("MAIL FROM:<a@x.test>\r\nRCPT TO:<slow@y.test>\r\nRCPT TO:<fast@y.test>\r\nDATA\r\n");
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await c.reply()).text.trim());
    expect(codes).toEqual(["250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "250 2.1.5 Recipient OK", "354 End data with <CR><LF>.<CR><LF>"]);
    const done = await c.command("Subject: pipelined\r\n\r\nbody\r\n.");
    expect(done.code).toBe(250);
    await c.command("QUIT");
    const s = await server.lastSession();
    const slow = exchange(s, (e) => e.Text === "RCPT TO:<slow@y.test>");
    expect(slow.reply.Time - slow.sent.Time).toBeGreaterThanOrEqual(199);
  });
});

describe("a drop at the end of data", () => {
  it("nodemailer sees the connection closed, nothing is stored, the session says why", async () => {
    const rule = await addRule(server, { Name: "cut", Stage: "data-end", Action: { Type: "drop" } });
    const before = await total();
    const out = await nodemailerSend(server.smtpPort, { subject: "never stored" });
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/Connection closed/i);
    expect(await total()).toBe(before);
    const s = await server.lastSession();
    expect(s.CloseReason).toBe("fault");
    expect(s.Error).toBe(`connection dropped by fault rule ${rule.ID} "cut" at data-end`);
    expect(s.MessageIDs).toEqual([]);
    const events = transcriptText(s).filter((l) => l.startsWith("E("));
    expect(events.slice(-3)).toEqual([
      `E(fault): fault rule ${rule.ID} "cut" at data-end: drop the connection`,
      `E(refused): message not stored: connection dropped by fault rule ${rule.ID} "cut" at data-end`,
      "E(close): connection closed (fault)",
    ]);
  });

  it("Python smtplib sees the server disconnect", async () => {
    await addRule(server, { Stage: "data-end", Action: { Type: "drop" } });
    const before = await total();
    const out = await pythonSmtp("send", server.smtpPort);
    expect(out.error).toBe("SMTPServerDisconnected");
    expect(await total()).toBe(before);
    expect((await server.lastSession()).CloseReason).toBe("fault");
  });
});

describe("a probability rule with a seed", () => {
  const recipients = Array.from({ length: 24 }, (_, i) => `r${i}@y.test`);
  const rule = { Stage: "rcpt", Action: { Type: "reply", Code: 450 }, Probability: 0.5, Seed: 20240601 };

  async function outcomes(target: TestServer): Promise<string> {
    const out = await nodemailerSend(target.smtpPort, { to: recipients });
    expect(out.ok, out.message).toBe(true);
    const rcptReplies = out.replies.filter((r) => /^(250 2\.1\.5|450 )/.test(r));
    expect(rcptReplies).toHaveLength(recipients.length);
    return rcptReplies.map((r) => (r.startsWith("450") ? "x" : ".")).join("");
  }

  it("gives the same outcomes run after run, on this server and on a fresh one", async () => {
    await addRule(server, rule);
    const first = await outcomes(server);
    expect(first).toContain("x");
    expect(first).toContain(".");
    await clearRules(server);
    await addRule(server, rule);
    expect(await outcomes(server)).toBe(first);

    const fresh = await startTestServer();
    try {
      await addRule(fresh, rule);
      expect(await outcomes(fresh)).toBe(first);
    } finally {
      await fresh.close();
    }

    await clearRules(server);
    await addRule(server, { ...rule, Seed: 7 });
    expect(await outcomes(server)).not.toBe(first);
  });
});

describe("matching", () => {
  it("a header at the end of data, matched on its decoded value", async () => {
    await addRule(server, { Stage: "data-end", Match: { Header: "Subject", Value: "*ürgent*" }, Action: { Type: "reply", Code: 554, Text: "No urgent mail today" } });
    const urgent = await nodemailerSend(server.smtpPort, { subject: "Sehr ÜRGENT bitte" });
    expect(urgent.code).toBe(554);
    expect(urgent.message).toContain("No urgent mail today");
    const calm = await nodemailerSend(server.smtpPort, { subject: "Nichts Eiliges" });
    expect(calm.ok, calm.message).toBe(true);
  });

  it("a HELO name, and a domain at RCPT", async () => {
    await addRule(server, { Stage: "helo", Match: { Helo: "*.blocked.test" }, Action: { Type: "reply", Code: 550, Text: "Go away" } });
    await addRule(server, { Stage: "rcpt", Match: { Domain: "*.example.org" }, Action: { Type: "reply", Code: 550 } });
    const c = await RawClient.open(server.smtpPort);
    await c.reply();
    expect((await c.command("EHLO host.blocked.test")).text).toBe("550 5.7.1 Go away\r\n");
    expect((await c.command("EHLO fine.test")).code).toBe(250);
    await c.command("MAIL FROM:<a@x.test>");
    expect((await c.command("RCPT TO:<u@mx.example.org>")).text).toBe("550 5.1.1 Requested action not taken: mailbox unavailable\r\n");
    expect((await c.command("RCPT TO:<u@example.org>")).code).toBe(250);
    await c.command("QUIT");
  });

  it("the end of a BDAT message is the data-end stage too", async () => {
    await addRule(server, { Stage: "data-end", Match: { Header: "X-Reject" }, Action: { Type: "reply", Code: 554, Text: "Rejected by header" } });
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<b@y.test>");
    const body = "X-Reject: yes\r\n\r\nhi\r\n";
    c.write(`BDAT ${body.length} LAST\r\n${body}`);
    expect((await c.reply()).text).toBe("554 5.0.0 Rejected by header\r\n");
    await c.command("QUIT");
    expect((await server.lastSession()).MessageIDs).toEqual([]);
  });

  it("a refused greeting (554) leaves only QUIT (RFC 5321 3.1)", async () => {
    await addRule(server, { Stage: "connect", Match: { Client: "127.0.0.*" }, Action: { Type: "reply", Code: 554, Text: "No service for you" } });
    const c = await RawClient.open(server.smtpPort);
    expect((await c.reply()).text).toBe("554 No service for you\r\n");
    expect((await c.command("EHLO x.test")).code).toBe(503);
    expect((await c.command("QUIT")).code).toBe(221);
    await c.waitClosed();
  });
});

describe("rules set through the API by one test", () => {
  it("(first test) a rule refuses every sender", async () => {
    await addRule(server, { Stage: "mail", Action: { Type: "reply", Code: 550 } });
    expect((await nodemailerSend(server.smtpPort)).code).toBe(550);
  });

  it("(next test) is gone: nothing listed, mail flows", async () => {
    expect(await listRules(server)).toEqual([]);
    const out = await nodemailerSend(server.smtpPort);
    expect(out.ok, out.message).toBe(true);
  });
});
