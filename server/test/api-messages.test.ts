// The first API routes, with real HTTP requests against a running server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, startTestServer, type TestServer } from "./harness.js";

async function deliver(server: TestServer, subject: string): Promise<string> {
  const c = await ready(server.smtpPort);
  await c.command("MAIL FROM:<a@x.test>");
  await c.command("RCPT TO:<b@x.test>");
  await c.command("DATA");
  const r = await c.command(`Subject: ${subject}\r\nFrom: "Ann" <a@x.test>\r\nTo: b@x.test\r\nMessage-ID: <${subject}@x.test>\r\n\r\nbody\r\n.`);
  await c.command("QUIT");
  return /queued as (\S+)/.exec(r.text)?.[1] ?? "";
}

describe("/api/v1 messages and sessions", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("lists newest first in Mailpit's shape, pages with start/limit, and caps limit", async () => {
    const ids = [];
    for (const s of ["one", "two", "three"]) ids.push(await deliver(server, s));
    const page = await server.getJson<Record<string, unknown> & { messages: Array<Record<string, unknown>> }>("/api/v1/messages?start=1&limit=1");
    expect(page).toMatchObject({ total: 3, unread: 3, count: 1, messages_count: 3, start: 1 });
    expect(page.messages[0]).toMatchObject({ ID: ids[1], Subject: "two", MessageID: "two@x.test", From: { Name: "Ann", Address: "a@x.test" }, To: [{ Name: "", Address: "b@x.test" }] });
    expect(Number.isNaN(Date.parse(String(page.messages[0]?.["Created"])))).toBe(false);
    const capped = await server.getJson<{ count: number }>("/api/v1/messages?limit=100000");
    expect(capped.count).toBe(3);
    const bad = await fetch(`${server.httpUrl}/api/v1/messages?limit=abc`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/limit/);
  });

  it("serves the raw source, `latest` as an ID, and 404 for unknown IDs", async () => {
    const id = await deliver(server, "raw");
    expect(await server.raw(id)).toContain("Subject: raw\r\n");
    expect(await server.raw("latest")).toContain("Subject: raw\r\n");
    const missing = await fetch(`${server.httpUrl}/api/v1/message/nope/raw`);
    expect(missing.status).toBe(404);
  });

  it("deletes listed IDs, then everything with no body at all, answering ok", async () => {
    const id = await deliver(server, "doomed");
    const before = (await server.messages()).total;
    const one = await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ IDs: [id] }) });
    expect(one.status).toBe(200);
    expect(await one.text()).toBe("ok");
    expect((await server.messages()).total).toBe(before - 1);
    const all = await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE" });
    expect(all.status).toBe(200);
    expect(await all.text()).toBe("ok");
    expect((await server.messages()).total).toBe(0);
    const malformed = await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(malformed.status).toBe(400);
  });

  it("lists sessions newest first and serves one with its transcript; 404 for unknown", async () => {
    await deliver(server, "sessions");
    const first = await server.lastSession(); // waits for the close to be recorded
    const list = await server.sessions();
    expect(list.sessions[0]?.ID).toBe(first.ID);
    expect(first).toMatchObject({ ClientAddress: "127.0.0.1", Helo: "client.test", CloseReason: "quit", Error: "" });
    const times = list.sessions.map((s) => Date.parse(s.Started));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const detail = await server.session(first.ID);
    expect(detail.Transcript.length).toBe(detail.Entries);
    expect((await fetch(`${server.httpUrl}/api/v1/session/nope`)).status).toBe(404);
  });
});
