// The Mailpit routes under hostile and bad input: unknown IDs, unreadable
// queries, malformed JSON, escaping part IDs, huge bodies and limits, hostile
// names and HTML. None of it may change what is stored.

import { createServer, type Server, type Socket } from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayConfig } from "../src/relay/config.js";
import { startTestServer, type TestServer } from "./harness.js";
import { freePort, startHttp, type LocalHttp } from "./mailpit-peers.js";
import { put } from "./store-helpers.js";

let server: TestServer;
let web: LocalHttp;
let silent: Server;
let silentUrl = "";
const hanging = new Set<Socket>();

const HOSTILE = [
  "From: Mallory <m@evil.test>",
  "To: victim+inbox@example.test",
  "Subject: hostile",
  "X-Tags: ops, Ops, a/b",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b"',
  "",
  "--b",
  "Content-Type: text/html",
  "",
  '<p onclick="x()">hi</p><script>fetch("/api/v1/messages",{method:"DELETE"})</script><a href="LINK/ok">a</a>',
  "--b",
  'Content-Type: text/html; name="page.html"',
  'Content-Disposition: attachment; filename="../../../etc/pa\\"ss wd.html"',
  "",
  "<script>alert(1)</script>",
  "--b",
  "Content-Type: image/svg+xml",
  'Content-Disposition: attachment; filename="=?utf-8?Q?=0D=0AX-Evil:_1.svg?="',
  "",
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  "--b--",
  "",
].join("\r\n");

async function request(method: string, path: string, body?: string | Buffer, type = "application/json"): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(server.httpUrl + path, { method, ...(body === undefined ? {} : { body, headers: { "content-type": type } }) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** What is stored: every message with its read flag and tags, and the tag list. */
async function snapshot(): Promise<string> {
  const list = await server.getJson<{ messages: Array<{ ID: string; Read: boolean; Tags: string[] }> }>("/api/v1/messages?limit=1000");
  const tags = await server.getJson<string[]>("/api/v1/tags");
  return JSON.stringify({ list: list.messages.map((m) => [m.ID, m.Read, m.Tags]), tags });
}

let hostileId = "";

beforeAll(async () => {
  web = await startHttp((req, res) => {
    res.writeHead(req.url === "/ok" ? 200 : 404).end();
  });
  silent = createServer((socket) => hanging.add(socket)); // accepts and never answers
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  const sinkPort = await freePort(); // nothing listens: release must fail cleanly
  server = await startTestServer({
    relay: relayConfig({ host: `127.0.0.1:${sinkPort}`, port: "", startTls: false, allowInsecure: false, auth: "none", username: "", password: "", returnPath: "", allowedRecipients: "@ok\\.test$", blockedRecipients: "" }),
    spamAssassin: { host: "127.0.0.1", port: sinkPort },
  });
  const t = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort, secure: false, ignoreTLS: true });
  await t.sendMail({ envelope: { from: "m@evil.test", to: ["victim+inbox@example.test"] }, raw: HOSTILE.replace("LINK", web.url) });
  t.close();
  hostileId = (await server.messages()).messages[0]?.ID ?? "";
});

afterAll(async () => {
  for (const socket of hanging) socket.destroy();
  await Promise.all([server?.close(), web?.stop(), new Promise((r) => silent?.close(r))]);
});

describe("Mailpit routes under bad input", () => {
  it("tags come from X-Tags (cleaned, deduplicated) and plus-addresses, as Mailpit does", async () => {
    expect((await server.messages()).messages[0]?.Tags).toEqual(["a b", "inbox", "ops"]);
  });

  it("unknown IDs get 404 on every message path", async () => {
    const paths = ["/api/v1/message/nope", "/api/v1/message/nope/headers", "/api/v1/message/nope/part/2", "/api/v1/message/nope/part/2/thumb", "/api/v1/message/nope/html-check", "/api/v1/message/nope/link-check", "/api/v1/message/nope/sa-check", "/view/nope.html", "/view/nope.txt", "//view/nope.html", `/api/v1/message/${hostileId}/part/9`];
    for (const path of paths) expect([path, (await request("GET", path)).status]).toEqual([path, 404]);
    expect((await request("POST", "/api/v1/message/nope/release", JSON.stringify({ To: ["a@ok.test"] }))).status).toBe(404);
  });

  it("queries that cannot be read get 400 saying what is wrong, and change nothing", async () => {
    const before = await snapshot();
    const latest = await request("GET", "/api/v1/message/latest?query=is:sideways");
    expect([latest.status, latest.text]).toEqual([400, "bad query: is:sideways is not one of read, unread, tagged"]);
    const del = await request("DELETE", "/api/v1/search?query=subject:hostile%20before:someday");
    expect([del.status, del.text]).toEqual([400, "bad query: before:someday is not a date"]);
    expect((await request("DELETE", "/api/v1/search")).text).toMatch(/^no search query/);
    const read = await request("PUT", "/api/v1/messages", JSON.stringify({ Search: "has:wings", Read: true }));
    expect([read.status, read.text]).toEqual([400, "bad query: has:wings is not attachment or inline"]);
    expect((await request("GET", "/api/v1/message/latest?query=subject:nomatch")).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });

  it("malformed JSON and wrong shapes get 400; /send answers in Mailpit's JSON error shape", async () => {
    const before = await snapshot();
    for (const [method, path] of [["PUT", "/api/v1/messages"], ["PUT", "/api/v1/tags"], ["PUT", "/api/v1/tags/ops"], ["POST", `/api/v1/message/${hostileId}/release`]] as const) {
      const r = await request(method, path, "{nope");
      expect([path, r.status]).toEqual([path, 400]);
      expect(r.text.length).toBeGreaterThan(5);
    }
    const send = await request("POST", "/api/v1/send", "{nope");
    expect(send.status).toBe(400);
    expect(JSON.parse(send.text)).toEqual({ Error: expect.stringMatching(/JSON/i) });
    const noFrom = await request("POST", "/api/v1/send", JSON.stringify({ To: [{ Email: "a@b.test" }] }));
    expect([noFrom.status, JSON.parse(noFrom.text).Error]).toEqual([400, expect.stringContaining("From")]);
    const badTo = await request("POST", "/api/v1/send", JSON.stringify({ From: { Email: "a@b.test" }, To: [{ Email: "not-an-address" }] }));
    expect(JSON.parse(badTo.text)).toEqual({ Error: "invalid To address: not-an-address" });
    const header = await request("POST", "/api/v1/send", JSON.stringify({ From: { Email: "a@b.test" }, Headers: { Subject: "x" } }));
    expect(JSON.parse(header.text)).toEqual({ Error: 'cannot overwrite header: "Subject"' });
    const tagsNoIds = await request("PUT", "/api/v1/tags", JSON.stringify({ Tags: ["x"] }));
    expect([tagsNoIds.status, tagsNoIds.text]).toEqual([400, expect.stringContaining("IDs")]);
    expect(await snapshot()).toBe(before);
  });

  it("part IDs that try to escape get 400", async () => {
    for (const part of ["..%2F..%2Fetc%2Fpasswd", "2%2F..%2F..", "2%00", "2;rm", "1..2", "-1", "%5C..%5Cwin.ini"]) {
      const r = await request("GET", `/api/v1/message/${hostileId}/part/${part}`);
      expect([part, r.status]).toEqual([part, 400]);
      expect(r.text).toMatch(/^invalid part ID/);
      expect((await request("GET", `/api/v1/message/${hostileId}/part/${part}/thumb`)).status).toBe(400);
    }
  });

  it("attachments download under safe names, and active types never render in our origin", async () => {
    const message = await server.getJson<{ Attachments: Array<{ PartID: string; FileName: string }> }>(`/api/v1/message/${hostileId}`);
    const [page, svg] = message.Attachments;
    const r1 = await request("GET", `/api/v1/message/${hostileId}/part/${page?.PartID}`);
    expect(r1.headers.get("content-type")).toBe("application/octet-stream");
    expect(r1.headers.get("content-disposition")).toBe(`attachment; filename="pa_ss wd.html"; filename*=UTF-8''pa_ss%20wd.html`);
    expect(r1.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r1.headers.get("content-security-policy")).toContain("sandbox");
    const r2 = await request("GET", `/api/v1/message/${hostileId}/part/${svg?.PartID}`);
    expect(r2.headers.get("content-type")).toBe("application/octet-stream");
    expect(r2.headers.get("content-disposition")).toMatch(/^attachment; filename="__X-Evil_ 1\.svg"/);
    expect(r2.headers.get("x-evil")).toBeNull();
  });

  it("/view HTML is sandboxed with no script; only embed=1 adds our own script, by nonce", async () => {
    for (const path of [`/view/${hostileId}.html`, `//view/${hostileId}.html`, "/view/latest.html"]) {
      const r = await request("GET", path);
      expect([path, r.status]).toEqual([path, 200]);
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/(^|; )sandbox( |$)/);
      expect(csp).toContain("script-src 'none'");
      expect(csp).not.toContain("allow-same-origin");
      expect(r.text).toContain("<script>fetch"); // served as the message has it; the policy keeps it from running
    }
    const embedded = await request("GET", `/view/${hostileId}.html?embed=1`);
    const nonce = /script-src 'nonce-([^']+)'/.exec(embedded.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeDefined();
    expect(embedded.text).toContain(`<script nonce="${nonce}">`);
    expect(embedded.headers.get("content-security-policy")).not.toContain("allow-same-origin");
    const text = await request("GET", `/view/${hostileId}.txt`);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  });

  it("link-check runs only when asked, and times out on a link that never answers", async () => {
    await request("GET", `/api/v1/message/${hostileId}`);
    await request("GET", `/view/${hostileId}.html`);
    expect(web.seen).toEqual([]); // receiving, reading and viewing never touch the links
    const t = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort, secure: false, ignoreTLS: true });
    const refused = `http://127.0.0.1:${await freePort()}/x`;
    await t.sendMail({ from: "a@x.test", to: "b@x.test", subject: "slow links", html: `<a href="${silentUrl}/hang">slow</a> <a href="${refused}">refused</a>` });
    t.close();
    const started = Date.now();
    const r = await request("GET", "/api/v1/message/latest/link-check?timeout=0.5");
    expect(Date.now() - started).toBeLessThan(5000);
    const links = JSON.parse(r.text) as { Errors: number; Links: Array<{ URL: string; StatusCode: number; Status: string }> };
    expect(links.Errors).toBe(2);
    expect(links.Links).toEqual(expect.arrayContaining([{ URL: `${silentUrl}/hang`, StatusCode: 0, Status: "timeout" }, { URL: refused, StatusCode: 0, Status: "connection refused" }]));
    expect((await request("GET", "/api/v1/message/latest/link-check?follow=sideways")).status).toBe(400);
    await request("DELETE", "/api/v1/search?query=subject:%22slow%20links%22");
  });

  it("release and sa-check report an unreachable peer as an error, not a crash", async () => {
    const before = await snapshot();
    const notAllowed = await request("POST", `/api/v1/message/${hostileId}/release`, JSON.stringify({ To: ["x@elsewhere.test"] }));
    expect([notAllowed.status, notAllowed.text]).toEqual([400, "Failed: Address does not match the allowlist: x@elsewhere.test"]);
    const down = await request("POST", `/api/v1/message/${hostileId}/release`, JSON.stringify({ To: ["x@ok.test"] }));
    expect([down.status, down.text]).toEqual([400, expect.stringMatching(/^SMTP error: .*ECONNREFUSED/)]);
    const sa = JSON.parse((await request("GET", `/api/v1/message/${hostileId}/sa-check`)).text) as { Error: string };
    expect(sa.Error).toMatch(/spamd at 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(await snapshot()).toBe(before);
  });

  it("a 100 MB body is refused with 413 and stores nothing; a huge limit is capped", async () => {
    const before = await snapshot();
    const huge = Buffer.alloc(100 * 1024 * 1024, 0x61);
    const send = await request("POST", "/api/v1/send", Buffer.concat([Buffer.from('{"From":{"Email":"a@b.test"},"Text":"'), huge, Buffer.from('"}')]));
    expect(send.status).toBe(413);
    expect(JSON.parse(send.text)).toEqual({ Error: expect.stringMatching(/too large/i) });
    const tags = await request("PUT", "/api/v1/tags", Buffer.concat([Buffer.from('{"IDs":["x"],"Tags":["'), huge, Buffer.from('"]}')]));
    expect(tags.status).toBe(413);
    expect(await snapshot()).toBe(before);
    for (let i = 0; i < 1005; i++) put(server.store, `Subject: bulk ${i}\r\nFrom: a@x.test\r\n\r\nbody\r\n`);
    const page = await server.getJson<{ count: number; messages_count: number }>("/api/v1/search?query=subject:bulk&limit=999999999");
    expect([page.count, page.messages_count]).toEqual([1000, 1005]);
    expect(await request("PUT", "/api/v1/messages", JSON.stringify({ Search: "subject:bulk", Read: true }))).toMatchObject({ status: 200, text: "ok" });
    expect((await server.getJson<{ messages_unread: number }>("/api/v1/search?query=subject:bulk")).messages_unread).toBe(0);
    expect((await request("DELETE", "/api/v1/search?query=subject:bulk")).text).toBe("ok");
    expect((await server.messages()).total).toBe(1);
  }, 60_000);
});
