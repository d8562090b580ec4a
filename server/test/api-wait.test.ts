// The CI pattern the wait endpoint replaces "sleep and poll" with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ready, sleep, startTestServer, type TestServer } from "./harness.js";

async function send(server: TestServer, subject: string, to = "b@x.test"): Promise<void> {
  const c = await ready(server.smtpPort);
  await c.command("MAIL FROM:<a@x.test>");
  await c.command(`RCPT TO:<${to}>`);
  await c.command("DATA");
  await c.command(`Subject: ${subject}\r\nTo: ${to}\r\n\r\nhello\r\n.`);
  await c.command("QUIT");
}

describe("/api/v1/messages/wait", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("answers when the 20th matching message is stored, not before", async () => {
    const started = Date.now();
    const storedAt: number[] = [];
    const sender = (async () => {
      for (let i = 1; i <= 20; i++) {
        await sleep(Math.floor(Math.random() * 40));
        await send(server, `order ${i}`, "ci@x.test");
        storedAt.push(Date.now());
        if (i % 5 === 0) await send(server, `noise ${i}`, "other@x.test");
      }
    })();
    const res = await fetch(`${server.httpUrl}/api/v1/messages/wait?query=${encodeURIComponent("to:ci@x.test")}&count=20&timeout=30`);
    const answeredAt = Date.now();
    await sender;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages_count: number; messages: Array<{ Subject: string }> };
    expect(body.messages_count).toBe(20);
    expect(body.messages[0]?.Subject).toBe("order 20");
    const twentieth = storedAt[19] ?? 0;
    // It answered after the 20th was stored, and promptly (not at the timeout).
    expect(answeredAt).toBeGreaterThanOrEqual((storedAt[18] ?? 0));
    expect(answeredAt - twentieth).toBeLessThan(5000);
    expect(answeredAt - started).toBeLessThan(30_000);
  });

  it("answers at once when enough already match", async () => {
    const res = await fetch(`${server.httpUrl}/api/v1/messages/wait?query=subject:order&count=3&timeout=5`);
    expect(res.status).toBe(200);
  });

  it("times out with 408 and says why", async () => {
    const res = await fetch(`${server.httpUrl}/api/v1/messages/wait?query=${encodeURIComponent("subject:never")}&count=1&timeout=0.3`);
    expect(res.status).toBe(408);
    expect(await res.text()).toMatch(/timed out after 0\.3 s/);
  });

  it("refuses a timeout over 300 s", async () => {
    const res = await fetch(`${server.httpUrl}/api/v1/messages/wait?timeout=301`);
    expect(res.status).toBe(400);
  });
});

describe("/api/v1/messages/wait, as the mailbox changes", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("counts only matching arrivals, recounts when read state changes, and refuses a bad query", async () => {
    await send(server, "keep 1", "w@x.test");
    const waiting = fetch(`${server.httpUrl}/api/v1/messages/wait?query=${encodeURIComponent("to:w@x.test is:unread")}&count=3&timeout=20`);
    await sleep(100);
    await send(server, "other", "z@x.test"); // does not match
    await send(server, "keep 2", "w@x.test");
    // Reading one match takes it out of is:unread: the waiter recounts and still needs two more.
    const first = (await server.messages()).messages.find((m) => m.Subject === "keep 1")?.ID ?? "";
    await fetch(`${server.httpUrl}/api/v1/messages`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ IDs: [first], Read: true }) });
    await send(server, "keep 3", "w@x.test");
    let settled = false;
    void waiting.then(() => (settled = true));
    await sleep(200);
    expect(settled).toBe(false); // keep 2 and keep 3 are unread matches: two, not three
    await send(server, "keep 4", "w@x.test");
    const res = await waiting;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages_count: number; messages: Array<{ Subject: string }> };
    expect(body.messages_count).toBe(3);
    expect(body.messages.map((m) => m.Subject)).toEqual(["keep 4", "keep 3", "keep 2"]);
    const bad = await fetch(`${server.httpUrl}/api/v1/messages/wait?query=${encodeURIComponent("after:nope")}&timeout=1`);
    expect(bad.status).toBe(400);
  });
});
