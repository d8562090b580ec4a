// Info, docs and access control over real HTTP.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ready, startTestServer, type TestServer } from "./harness.js";

describe("info, webui and OpenAPI", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("reports Mailpit's AppInformation with our figures", async () => {
    const c = await ready(server.smtpPort);
    await c.command("MAIL FROM:<a@x.test>");
    await c.command("RCPT TO:<b@x.test>");
    await c.command("DATA");
    await c.command("Subject: info\r\nX-Tags: alpha, beta\r\n\r\nx\r\n.");
    await c.command("QUIT");
    const info = await server.getJson<{ Messages: number; Unread: number; Version: string; Tags: Record<string, number>; RuntimeStats: Record<string, number> }>("/api/v1/info");
    expect(info).toMatchObject({ Messages: 1, Unread: 1, Tags: { alpha: 1, beta: 1 } });
    expect(info.Version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.RuntimeStats).toMatchObject({ SMTPAccepted: 1, SMTPRejected: 0, Pruned: 0 });
    expect(info.RuntimeStats["Memory"]).toBeGreaterThan(1e6);
    expect(info.RuntimeStats["Sessions"]).toBeGreaterThanOrEqual(1);
    const webui = await server.getJson<{ SMTPAddress: string; ChaosEnabled: boolean }>("/api/v1/webui");
    expect(webui.SMTPAddress).toBe(`127.0.0.1:${server.smtpPort}`);
  });

  it("serves an OpenAPI document generated from the routes, at both names, and a docs page", async () => {
    const doc = await server.getJson<{ openapi: string; paths: Record<string, unknown> }>("/api/v1/openapi.json");
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ["/api/v1/messages", "/api/v1/message/{ID}/raw", "/api/v1/sessions", "/api/v1/session/{ID}", "/api/v1/info", "/api/v1/webui"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(await server.getJson("/api/v1/swagger.json")).toEqual(doc);
    const page = await fetch(`${server.httpUrl}/api/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger/i);
  });

  it("sends no CORS headers by default", async () => {
    const res = await fetch(`${server.httpUrl}/api/v1/messages`, { headers: { origin: "http://elsewhere.test" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("--ui-auth-file and --api-cors", () => {
  let server: TestServer;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "mailscope-auth-"));
    const file = join(dir, "htpasswd");
    await writeFile(file, `# users\nplain:open sesame\nhashed:${await bcrypt.hash("s3cret", 4)}\n`);
    server = await startTestServer({ uiAuthFile: file, apiCors: ["http://app.test:3000"] });
  });
  afterAll(() => server.close());

  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

  it("asks for credentials and accepts plain and bcrypt passwords", async () => {
    const none = await fetch(`${server.httpUrl}/api/v1/messages`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/Basic realm="Mailscope"/);
    expect((await fetch(`${server.httpUrl}/api/v1/messages`, { headers: { authorization: basic("plain", "wrong") } })).status).toBe(401);
    expect((await fetch(`${server.httpUrl}/api/v1/messages`, { headers: { authorization: basic("plain", "open sesame") } })).status).toBe(200);
    expect((await fetch(`${server.httpUrl}/api/v1/info`, { headers: { authorization: basic("hashed", "s3cret") } })).status).toBe(200);
    expect((await fetch(`${server.httpUrl}/`)).status).toBe(401);
  });

  it("guards the feed too", async () => {
    const url = `${server.httpUrl.replace("http", "ws")}/api/events`;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on("unexpected-response", (req, res) => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      ws.on("open", () => resolve(101));
    });
    expect(refused).toBe(401);
    const opened = await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(url, { headers: { authorization: basic("plain", "open sesame") } });
      ws.on("open", () => {
        ws.close();
        resolve(true);
      });
      ws.on("unexpected-response", (req) => {
        req.destroy();
        resolve(false);
      });
    });
    expect(opened).toBe(true);
  });

  it("allows cross-origin calls only from the named origins", async () => {
    const auth = { authorization: basic("plain", "open sesame") };
    const ok = await fetch(`${server.httpUrl}/api/v1/messages`, { headers: { ...auth, origin: "http://app.test:3000" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://app.test:3000");
    const other = await fetch(`${server.httpUrl}/api/v1/messages`, { headers: { ...auth, origin: "http://evil.test" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
