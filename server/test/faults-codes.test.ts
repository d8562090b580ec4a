// Every reply code of the SMTP primer (220 221 250 251 354 450 500 501 550
// 551 554) and 421 451 452 535 552: a rule or normal operation produces it,
// nodemailer and Python's smtplib each report exactly that code, and the
// session's transcript shows the reply (and, for a rule, the rule firing).

import type { SessionDetail } from "@mailscope/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { transcriptText } from "./clients.js";
import { addRule, clearRules, faultEvents, nodemailerSend, pythonSmtp, repliesWith, type NodemailerOutcome, type PythonOutcome } from "./faults-helpers.js";
import { startTestServer, type TestServer } from "./harness.js";

interface Case {
  code: number;
  how: string;
  /** null: normal operation produces the code. */
  rule: object | null;
  /** Where the code shows for a client that succeeds: the step of Python's "steps" mode, or nodemailer's log. */
  positive?: "connect" | "ehlo" | "mail" | "rcpt" | "data" | "end" | "quit";
  to?: string;
  auth?: boolean;
}

const reply = (Code: number, Text?: string) => (Text === undefined ? { Type: "reply", Code } : { Type: "reply", Code, Text });

const CASES: Case[] = [
  { code: 220, how: "a connect rule's own greeting", rule: { Name: "banner", Stage: "connect", Action: reply(220, "fault banner ready") }, positive: "connect" },
  { code: 221, how: "normal QUIT", rule: null, positive: "quit" },
  { code: 250, how: "normal MAIL and end of data", rule: null, positive: "mail" },
  { code: 251, how: "a rcpt rule accepting with forwarding", rule: { Stage: "rcpt", Match: { Address: "far@y.test" }, Action: reply(251, "User not local; will forward to <far@elsewhere.test>") }, positive: "rcpt", to: "far@y.test" },
  { code: 354, how: "normal DATA", rule: null, positive: "data" },
  { code: 450, how: "a rcpt rule: mailbox busy", rule: { Stage: "rcpt", Action: reply(450) } },
  { code: 500, how: "a mail rule: command unrecognized", rule: { Stage: "mail", Action: reply(500) } },
  { code: 501, how: "a mail rule: bad arguments", rule: { Stage: "mail", Action: reply(501) } },
  { code: 550, how: "a rcpt rule for one address", rule: { Stage: "rcpt", Match: { Address: "bad@y.test" }, Action: reply(550, "No such user") }, to: "bad@y.test" },
  { code: 551, how: "a rcpt rule: user not local", rule: { Stage: "rcpt", Action: reply(551, "User not local; please try <user@elsewhere.test>") } },
  { code: 554, how: "a data-end rule: transaction failed", rule: { Stage: "data-end", Action: reply(554) } },
  { code: 421, how: "a mail rule: closing", rule: { Stage: "mail", Action: reply(421) } },
  { code: 451, how: "a data-end rule: local error", rule: { Stage: "data-end", Action: reply(451) } },
  { code: 452, how: "a rcpt rule: insufficient storage", rule: { Stage: "rcpt", Action: reply(452) } },
  { code: 535, how: "an auth rule for one user", rule: { Stage: "auth", Match: { User: "alice" }, Action: reply(535) }, auth: true },
  { code: 552, how: "a data-end rule: storage exceeded", rule: { Stage: "data-end", Action: reply(552) } },
];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => clearRules(server));

/** Adds the case's rule; returns the text its fault event starts with, or null. */
async function arrange(c: Case): Promise<string | null> {
  if (c.rule === null) return null;
  const rule = await addRule(server, c.rule);
  return `fault rule ${rule.ID}`;
}

async function assertTranscript(c: Case, ruleLabel: string | null): Promise<SessionDetail> {
  const session = await server.lastSession();
  const lines = transcriptText(session).join("\n");
  expect(repliesWith(session, c.code), lines).not.toEqual([]);
  if (ruleLabel !== null) expect(faultEvents(session).some((t) => t.startsWith(ruleLabel)), lines).toBe(true);
  return session;
}

const messageCount = async (): Promise<number> => (await server.messages()).total;

function nodemailerSaw(c: Case, out: NodemailerOutcome): void {
  const detail = JSON.stringify(out);
  if (c.positive === undefined) {
    expect(out.ok, detail).toBe(false);
    expect(out.code, detail).toBe(c.code);
    return;
  }
  expect(out.ok, detail).toBe(true);
  expect(out.replies.some((r) => r.startsWith(`${c.code} `)), detail).toBe(true);
}

function pythonSaw(c: Case, out: PythonOutcome): void {
  const detail = JSON.stringify(out);
  if (c.positive === undefined) {
    expect(out.error, detail).toBeDefined();
    expect(out.code, detail).toBe(c.code);
    return;
  }
  expect(out.error, detail).toBeUndefined();
  expect(out[c.positive], detail).toBe(c.code);
}

describe.each(CASES)("$code ($how)", (c) => {
  it("nodemailer reports it", async () => {
    const label = await arrange(c);
    const before = await messageCount();
    const auth = c.auth === true ? { auth: { user: "alice", pass: "secret" } } : {};
    // nodemailer's sendMail closes without QUIT; its verify() ends with QUIT, whose reply is read after it resolves.
    const out = await nodemailerSend(server.smtpPort, { to: c.to ?? "user@y.test", ...auth, thenVerify: c.code === 221 });
    if (c.code === 221) await server.lastSession();
    nodemailerSaw(c, out);
    if (c.code === 220) expect(out.replies[0]).toBe("220 fault banner ready");
    await assertTranscript(c, label);
    expect(await messageCount()).toBe(before + (c.positive === undefined ? 0 : 1));
  });

  it("Python smtplib reports it", async () => {
    const label = await arrange(c);
    const before = await messageCount();
    const to = [c.to ?? "user@y.test"];
    const auth = c.auth === true ? { user: "alice", password: "secret" } : {};
    const out = await pythonSmtp(c.positive === undefined || c.positive === "quit" ? "send" : "steps", server.smtpPort, { to, ...auth });
    pythonSaw(c, out);
    const session = await assertTranscript(c, label);
    expect(await messageCount()).toBe(before + (c.positive === undefined ? 0 : 1));
    if (c.code === 421) expect(session.CloseReason).toBe("fault");
  });
});
