// Mailpit's chaos through the real mailpit-api client, and MailHog's Jim
// through its HTTP calls: both land as fault rules the engine applies.

import { MailpitClient } from "mailpit-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clearRules, faultEvents, listRules, nodemailerSend, pythonSmtp } from "./faults-helpers.js";
import { startTestServer, type TestServer } from "./harness.js";

const DEFAULT_TRIGGERS = {
  Sender: { ErrorCode: 451, Probability: 0 },
  Recipient: { ErrorCode: 451, Probability: 0 },
  Authentication: { ErrorCode: 535, Probability: 0 },
};

describe("Mailpit chaos, not enabled", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("answers Mailpit's 400 'Chaos is not enabled', which the client reports", async () => {
    const mailpit = new MailpitClient(server.httpUrl);
    await expect(mailpit.getChaosTriggers()).rejects.toThrow(/400 Bad Request .*: Chaos is not enabled$/);
    await expect(mailpit.setChaosTriggers({ Sender: { ErrorCode: 451, Probability: 50 } })).rejects.toThrow(/400 Bad Request .*: Chaos is not enabled$/);
    // Even a body that would not validate gets the same answer, as in Mailpit.
    const res = await fetch(`${server.httpUrl}/api/v1/chaos`, { method: "PUT", headers: { "content-type": "application/json" }, body: '{"Sender": "x"}' });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("Chaos is not enabled");
    expect(await listRules(server)).toEqual([]);
  });
});

describe("Mailpit chaos, enabled", () => {
  let server: TestServer;
  let mailpit: MailpitClient;
  beforeAll(async () => {
    server = await startTestServer({ enableChaos: true });
    mailpit = new MailpitClient(server.httpUrl);
  });
  afterAll(() => server.close());
  afterEach(() => clearRules(server));

  it("getChaosTriggers: Mailpit's defaults", async () => {
    expect(await mailpit.getChaosTriggers()).toEqual(DEFAULT_TRIGGERS);
  });

  it("setChaosTriggers: a recipient trigger at 100% refuses every RCPT for both clients, then a reset lets mail through", async () => {
    const set = await mailpit.setChaosTriggers({ Recipient: { ErrorCode: 450, Probability: 100 } });
    expect(set).toEqual({ ...DEFAULT_TRIGGERS, Recipient: { ErrorCode: 450, Probability: 100 } });
    expect(await mailpit.getChaosTriggers()).toEqual(set);
    expect(await listRules(server)).toMatchObject([{ Source: "chaos", Stage: "rcpt", Probability: 1, Action: { Type: "reply", Code: 450, Text: "Chaos recipient error" } }]);

    const node = await nodemailerSend(server.smtpPort);
    expect(node.code).toBe(450);
    expect(node.message).toContain("Chaos recipient error");
    expect(faultEvents(await server.lastSession())[0]).toMatch(/^fault rule \d+ "Mailpit chaos Recipient" at rcpt: reply 450$/);
    expect(await pythonSmtp("send", server.smtpPort)).toMatchObject({ error: "SMTPRecipientsRefused", code: 450 });

    expect(await mailpit.setChaosTriggers()).toEqual(DEFAULT_TRIGGERS);
    expect(await listRules(server)).toEqual([]);
    expect((await nodemailerSend(server.smtpPort)).ok).toBe(true);
  });

  it("sender and authentication triggers use Mailpit's default codes when ErrorCode is left out", async () => {
    const set = await mailpit.setChaosTriggers({ Sender: { ErrorCode: 0, Probability: 100 }, Authentication: { ErrorCode: 0, Probability: 100 } });
    expect(set.Sender).toEqual({ ErrorCode: 451, Probability: 100 });
    expect(set.Authentication).toEqual({ ErrorCode: 535, Probability: 100 });
    expect((await nodemailerSend(server.smtpPort, { auth: { user: "u", pass: "p" } })).code).toBe(535);
    expect((await nodemailerSend(server.smtpPort)).code).toBe(451);
  });

  it("refuses out-of-range values with Mailpit's messages, changing nothing", async () => {
    await mailpit.setChaosTriggers({ Sender: { ErrorCode: 452, Probability: 10 } });
    await expect(mailpit.setChaosTriggers({ Sender: { ErrorCode: 600, Probability: 10 } })).rejects.toThrow(/400 Bad Request .*: error code must be between 400 and 599$/);
    await expect(mailpit.setChaosTriggers({ Recipient: { ErrorCode: 450, Probability: 101 } })).rejects.toThrow(/: probability must be between 0 and 100$/);
    expect((await mailpit.getChaosTriggers()).Sender).toEqual({ ErrorCode: 452, Probability: 10 });
  });

  it("DELETE /api/v1/faults resets chaos too", async () => {
    await mailpit.setChaosTriggers({ Sender: { ErrorCode: 421, Probability: 100 } });
    await clearRules(server);
    expect((await mailpit.getChaosTriggers()).Sender).toEqual({ ErrorCode: 421, Probability: 0 });
    expect((await nodemailerSend(server.smtpPort)).ok).toBe(true);
  });
});

describe("MailHog Jim", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  afterEach(() => clearRules(server));

  const jim = (method: string, body?: object): Promise<Response> =>
    fetch(`${server.httpUrl}/api/v2/jim`, body === undefined ? { method } : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("toggles: 404 while off, POST 201, GET his settings, PUT 200, POST again 400, DELETE 200, then 404", async () => {
    expect((await jim("GET")).status).toBe(404);
    expect((await jim("PUT", { RejectSenderChance: 1 })).status).toBe(404);
    expect((await jim("DELETE")).status).toBe(404);

    expect((await jim("POST", { RejectSenderChance: 1 })).status).toBe(201);
    const on = await jim("GET");
    expect(on.status).toBe(200);
    expect(await on.json()).toEqual({ DisconnectChance: 0, AcceptChance: 1, LinkSpeedAffect: 0, LinkSpeedMin: 1024, LinkSpeedMax: 10240, RejectSenderChance: 1, RejectRecipientChance: 0, RejectAuthChance: 0 });
    const sender = await nodemailerSend(server.smtpPort);
    expect([sender.code, sender.command]).toEqual([550, "MAIL FROM"]);
    expect(sender.message).toContain("Invalid sender");

    expect((await jim("PUT", { RejectRecipientChance: 1 })).status).toBe(200);
    const rcpt = await nodemailerSend(server.smtpPort);
    expect([rcpt.code, rcpt.command]).toEqual([550, "RCPT TO"]);
    expect((await jim("POST", {})).status).toBe(400);
    expect((await jim("PUT", { RejectRecipientChance: 2 })).status).toBe(400);

    expect((await jim("DELETE")).status).toBe(200);
    expect((await jim("GET")).status).toBe(404);
    expect(await listRules(server)).toEqual([]);
    expect((await nodemailerSend(server.smtpPort)).ok).toBe(true);
  });

  it("POST without a body brings MailHog's defaults, as rules", async () => {
    expect((await jim("POST")).status).toBe(201);
    expect(await (await jim("GET")).json()).toEqual({ DisconnectChance: 0.005, AcceptChance: 0.99, LinkSpeedAffect: 0.1, LinkSpeedMin: 1024, LinkSpeedMax: 10240, RejectSenderChance: 0.05, RejectRecipientChance: 0.05, RejectAuthChance: 0.05 });
    const rules = await listRules(server);
    expect(rules.map((r) => [r.Stage, r.Probability])).toEqual([["connect", 0.01], ["any", 0.005], ["data-end", 0.1], ["mail", 0.05], ["rcpt", 0.05], ["auth", 0.05]]);
    expect(rules.every((r) => r.Source === "jim")).toBe(true);
  });

  it("refusing connections (AcceptChance 0): both clients see the connection closed", async () => {
    await jim("POST", { AcceptChance: 0 });
    const node = await nodemailerSend(server.smtpPort);
    expect(node.ok).toBe(false);
    expect(node.message).toMatch(/Connection closed/i);
    const py = await pythonSmtp("send", server.smtpPort);
    expect(py.error).toBe("SMTPServerDisconnected");
    const s = await server.lastSession();
    expect(s.CloseReason).toBe("fault");
    expect(faultEvents(s)[0]).toMatch(/"MailHog Jim: refuse connection" at connect: drop the connection$/);
  });

  it("a random disconnect (DisconnectChance 1) drops at the first step", async () => {
    await jim("POST", { DisconnectChance: 1 });
    expect(await pythonSmtp("send", server.smtpPort)).toMatchObject({ error: "SMTPServerDisconnected" });
    const s = await server.lastSession();
    expect(s.Error).toMatch(/^connection dropped by fault rule \d+ "MailHog Jim: disconnect" at connect$/);
  });

  it("a slow link is a pause at the end of data of size / rate", async () => {
    await jim("POST", { LinkSpeedAffect: 1, LinkSpeedMin: 20000, LinkSpeedMax: 20000 });
    const body = `From: py@x.test\r\nTo: dest@y.test\r\nSubject: slow\r\n\r\n${"x".repeat(4000)}\r\n`;
    expect(await pythonSmtp("send", server.smtpPort, { body })).toMatchObject({ quit: 221, refused: {} });
    const s = await server.lastSession();
    const payload = s.Transcript.find((e) => e.Text.startsWith("[message data"));
    const reply = s.Transcript.find((e) => e.Direction === "server" && e.Seq > (payload?.Seq ?? 0));
    const expected = ((payload?.Size ?? 0) * 1000) / 20000;
    expect(expected).toBeGreaterThan(150);
    expect((reply?.Time ?? 0) - (payload?.Time ?? 0)).toBeGreaterThanOrEqual(expected - 1);
    expect((reply?.Time ?? 0) - (payload?.Time ?? 0)).toBeLessThan(expected + 250);
  });
});
