// The live feed with a real WebSocket client against a running server.
import type { FeedFrame } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ready, sleep, startTestServer, type TestServer } from "./harness.js";

/** A feed client that records every frame and can wait for one that matches. */
class FeedClient {
  readonly frames: FeedFrame[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as FeedFrame);
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  static open(url: string, origin?: string): Promise<FeedClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, origin === undefined ? {} : { origin });
      ws.once("open", () => resolve(new FeedClient(ws)));
      ws.once("unexpected-response", (req, res) => {
        req.destroy();
        reject(new Error(`HTTP ${res.statusCode}`));
      });
      ws.once("error", reject);
    });
  }

  async next(match: (f: FeedFrame) => boolean, timeoutMs = 5000): Promise<FeedFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(match);
      if (i >= 0) return this.frames.splice(i, 1)[0] as FeedFrame; // earlier frames stay for later waits
      if (Date.now() > deadline) throw new Error(`no matching frame; have ${JSON.stringify(this.frames.map((f) => f.Type))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

async function send(server: TestServer, subject: string): Promise<void> {
  const c = await ready(server.smtpPort);
  await c.command("MAIL FROM:<a@x.test>");
  await c.command("RCPT TO:<b@x.test>");
  await c.command("DATA");
  await c.command(`Subject: ${subject}\r\n\r\nhello\r\n.`);
  await c.command("QUIT");
}

describe("/api/events", () => {
  let server: TestServer;
  let url: string;
  beforeAll(async () => {
    server = await startTestServer({ allowedOrigins: ["http://dev.test:3000"] });
    url = `${server.httpUrl.replace("http", "ws")}/api/events`;
  });
  afterAll(() => server.close());

  it("greets with stats, then sends new, delete and truncate frames in order", async () => {
    const feed = await FeedClient.open(url);
    expect(await feed.next(() => true)).toMatchObject({ Type: "stats", Data: { Total: 0, Unread: 0 } });
    for (const s of ["first", "second", "third"]) await send(server, s);
    const news: string[] = [];
    for (let i = 0; i < 3; i++) {
      const f = await feed.next((x) => x.Type === "new");
      if (f.Type === "new") news.push(f.Data.Subject);
    }
    expect(news).toEqual(["first", "second", "third"]);
    const stats = await feed.next((x) => x.Type === "stats");
    expect(stats.Data).toMatchObject({ Total: 3, Unread: 3 });
    const list = await server.messages();
    const victim = list.messages[0]?.ID ?? "";
    await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ IDs: [victim] }) });
    expect(await feed.next((x) => x.Type === "delete")).toEqual({ Type: "delete", Data: { ID: victim } });
    await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE" });
    expect(await feed.next((x) => x.Type === "truncate")).toEqual({ Type: "truncate", Data: null });
    feed.close();
  });

  it("streams a slow session's transcript line by line while it runs", async () => {
    const feed = await FeedClient.open(url);
    feed.ws.send(JSON.stringify({ Type: "watch", Data: { SessionID: "*" } }));
    await sleep(50); // the watch frame is processed before the session opens
    const c = await ready(server.smtpPort, "EHLO slow.test");
    const opened = await feed.next((f) => f.Type === "session" && f.Data.Helo === "slow.test" && f.Data.Ended === "");
    const sessionId = opened.Type === "session" ? opened.Data.ID : "";
    const seen = async (text: string): Promise<void> => {
      await feed.next((f) => f.Type === "transcript" && f.Data.SessionID === sessionId && f.Data.Entry.Text === text);
    };
    await seen("EHLO slow.test");
    await c.command("MAIL FROM:<slow@x.test>");
    await seen("MAIL FROM:<slow@x.test>"); // arrives while the session is still open
    await seen("250 2.1.0 Sender OK");
    await sleep(200);
    await c.command("QUIT");
    await seen("221 2.0.0 Bye");
    const closed = await feed.next((f) => f.Type === "session" && f.Data.ID === sessionId && f.Data.Ended !== "");
    expect(closed.Type === "session" && closed.Data.CloseReason).toBe("quit");
    feed.close();
  });

  it("does not stream transcripts to clients that do not watch", async () => {
    const feed = await FeedClient.open(url);
    await send(server, "quiet");
    await feed.next((f) => f.Type === "new");
    expect(feed.frames.some((f) => f.Type === "transcript")).toBe(false);
    feed.close();
  });

  it("refuses a foreign Origin with 403 and accepts our own and the allowed ones", async () => {
    await expect(FeedClient.open(url, "http://evil.test")).rejects.toThrow("HTTP 403");
    await expect(FeedClient.open(url, "null")).rejects.toThrow("HTTP 403");
    const own = await FeedClient.open(url, server.httpUrl);
    own.close();
    const dev = await FeedClient.open(url, "http://dev.test:3000");
    dev.close();
  });
});
