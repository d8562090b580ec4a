// MailHog's websocket with a real WebSocket client: each new message pushed
// in MailHog's shape, nothing else, and a foreign page's Origin refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { MailHogMessage } from "../src/http/mailhog/shapes.js";
import { MailHogSocketFeed } from "../src/http/mailhog/websocket.js";
import { FakeSocket } from "./fake-feed-socket.js";
import { ready, sleep, startTestServer, type TestServer } from "./harness.js";
import { newStore, put } from "./store-helpers.js";

function open(url: string, origin?: string): Promise<{ ws: WebSocket; frames: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    const frames: string[] = [];
    ws.on("message", (d) => frames.push(String(d)));
    ws.once("open", () => resolve({ ws, frames }));
    ws.once("unexpected-response", (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once("error", reject);
  });
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(10);
  }
}

async function send(server: TestServer, subject: string): Promise<void> {
  const c = await ready(server.smtpPort, "EHLO ws.test");
  await c.command("MAIL FROM:<sender@example.test>");
  await c.command("RCPT TO:<rcpt@example.test>");
  await c.command("DATA");
  await c.command(`Subject: ${subject}\r\n\r\nbody of ${subject}\r\n.`);
  await c.command("QUIT");
}

describe("/api/v2/websocket", () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer({ allowedOrigins: ["http://dev.test:3000"] });
    url = `${server.httpUrl.replace("http", "ws")}/api/v2/websocket`;
  });
  afterAll(() => server.close());

  it("pushes each new message, in order, as MailHog's Message and nothing else", async () => {
    const { ws, frames } = await open(url);
    await send(server, "first");
    await send(server, "second");
    await until(() => frames.length >= 2);
    const [first, second] = frames.map((f) => JSON.parse(f) as MailHogMessage);
    expect(first?.Content.Headers["Subject"]).toEqual(["first"]);
    expect(second?.Content.Headers["Subject"]).toEqual(["second"]);
    expect(first?.Raw).toEqual({ From: "sender@example.test", To: ["rcpt@example.test"], Data: "Subject: first\r\n\r\nbody of first", Helo: "ws.test" });
    expect(first?.From).toEqual({ Relays: null, Mailbox: "sender", Domain: "example.test", Params: "" });
    expect(first?.MIME).toBeNull();
    const listed = await server.messages();
    expect([second?.ID, first?.ID]).toEqual(listed.messages.map((m) => m.ID));

    // Deletes are not MailHog websocket events: nothing more arrives.
    await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE" });
    await sleep(200);
    expect(frames).toHaveLength(2);
    ws.close();
  });

  it("serves every listener, and one leaving does not stop the others", async () => {
    const a = await open(url);
    const b = await open(url);
    a.ws.close();
    await sleep(50);
    await send(server, "after close");
    await until(() => b.frames.length >= 1);
    expect((JSON.parse(b.frames[0] ?? "{}") as MailHogMessage).Content.Headers["Subject"]).toEqual(["after close"]);
    expect(a.frames).toHaveLength(0);
    b.ws.close();
  });

  it("accepts our own origin and allowed ones, refuses a foreign Origin with 403", async () => {
    const own = await open(url, server.httpUrl);
    own.ws.close();
    const allowed = await open(url, "http://dev.test:3000");
    allowed.ws.close();
    await expect(open(url, "http://evil.test")).rejects.toThrow("HTTP 403");
    await expect(open(url, "null")).rejects.toThrow("HTTP 403");
  });
});

describe("MailHogSocketFeed", () => {
  it("listens to the store only while someone listens to it", async () => {
    const store = newStore();
    let listening = 0;
    const subscribe = store.subscribe.bind(store);
    store.subscribe = (listener) => {
      listening++;
      const off = subscribe(listener);
      return () => {
        listening--;
        return off();
      };
    };
    const feed = new MailHogSocketFeed(store, 1024);
    const a = new FakeSocket();
    const b = new FakeSocket();
    feed.add(a);
    feed.add(b);
    expect(listening).toBe(1);
    put(store, "Subject: one\n\nx\n");
    await sleep(10);
    expect([a.sent.length, b.sent.length]).toEqual([1, 1]);
    feed.remove(a);
    expect(listening).toBe(1);
    feed.remove(b);
    expect(listening).toBe(0);
    put(store, "Subject: two\n\nx\n");
    await sleep(10);
    expect([a.sent.length, b.sent.length]).toEqual([1, 1]);
  });

  it("drops a client that cannot keep up instead of buffering for it", async () => {
    const store = newStore();
    const feed = new MailHogSocketFeed(store, 1024);
    const slow = new FakeSocket();
    const fast = new FakeSocket();
    feed.add(slow);
    feed.add(fast);
    slow.bufferedAmount = 4096;
    put(store, "Subject: one\n\nx\n");
    await sleep(10);
    expect(slow.sent).toHaveLength(0);
    expect(slow.closed?.[0]).toBe(1013);
    expect(fast.sent).toHaveLength(1);
    expect(feed.size).toBe(1);
  });
});
