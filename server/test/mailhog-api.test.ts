// MailHog's shapes over raw HTTP: what a MailHog client in any language sees.
import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mailhogMessage, type MailHogContent, type MailHogMessage, type MailHogMessages } from "../src/http/mailhog/shapes.js";
import { ready, startTestServer, type TestServer } from "./harness.js";
import { newStore, put } from "./store-helpers.js";

const MULTIPART = [
  "From: Ann Sender <ann@example.test>",
  "To: Bob <bob@example.test>",
  "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=",
  "X-Dup: one",
  "X-Folded: first",
  "\tsecond",
  "X-Dup: two",
  "__proto__: still a header",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="outer"',
  "",
  "preamble",
  "--outer",
  'Content-Type: multipart/alternative; boundary="inner"',
  "",
  "--inner",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "plain body",
  ".leading dot",
  "--inner",
  "Content-Type: text/html; charset=utf-8",
  "",
  "<p>html body</p>",
  "",
  "",
  "--inner--",
  "",
  "--outer",
  "Content-Type: application/octet-stream",
  'Content-Disposition: attachment; filename="data.bin"',
  "Content-Transfer-Encoding: base64",
  "",
  "AAECAw==",
  "--outer--",
  "",
].join("\r\n");

/** Sends raw message text (dots at line starts get stuffed, as a client must) and returns the stored ID. */
async function deliver(server: TestServer, text: string, opts: { from?: string; to?: string[]; mailArgs?: string } = {}): Promise<string> {
  const c = await ready(server.smtpPort);
  await c.command(`MAIL FROM:<${opts.from ?? "env-sender@example.test"}>${opts.mailArgs ?? ""}`);
  for (const to of opts.to ?? ["bob@example.test"]) expect((await c.command(`RCPT TO:<${to}>`)).code).toBe(250);
  expect((await c.command("DATA")).code).toBe(354);
  const stuffed = text.replace(/^\./gm, "..");
  const reply = await c.command(`${stuffed}${stuffed.endsWith("\r\n") ? "" : "\r\n"}.`);
  expect(reply.code).toBe(250);
  await c.command("QUIT");
  const list = await server.messages();
  const id = list.messages[0]?.ID;
  if (id === undefined) throw new Error("nothing stored");
  return id;
}

/** A request with exactly the headers given (fetch always adds Accept; MailHog's npm client does not). */
function bare(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const sized = body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
    const req = request(url, { method, headers: sized }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("MailHog shapes", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await fetch(`${server.httpUrl}/api/v1/messages`, { method: "DELETE" });
  });

  const get = async <T>(path: string): Promise<T> => server.getJson<T>(path);

  it("maps a multipart message: headers as arrays, parts nested, Raw.Data exact", async () => {
    const id = await deliver(server, MULTIPART, { mailArgs: " BODY=8BITMIME", to: ["bob@example.test", "hidden@example.test"] });
    const page = await get<MailHogMessages>("/api/v2/messages");
    expect(page).toMatchObject({ total: 1, count: 1, start: 0 });
    const m = page.items[0] as MailHogMessage;
    expect(m.ID).toBe(id);
    expect(m.From).toEqual({ Relays: null, Mailbox: "env-sender", Domain: "example.test", Params: "BODY=8BITMIME" });
    expect(m.To).toEqual([
      { Relays: null, Mailbox: "bob", Domain: "example.test", Params: "" },
      { Relays: null, Mailbox: "hidden", Domain: "example.test", Params: "" },
    ]);
    // MailHog's data stops before the CRLF ahead of the final ".": so does ours.
    const data = MULTIPART.slice(0, -2);
    expect(m.Raw).toEqual({ From: "env-sender@example.test", To: ["bob@example.test", "hidden@example.test"], Data: data, Helo: "client.test" });
    expect(new Date(m.Created).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const h = m.Content.Headers;
    expect(h["X-Dup"]).toEqual(["one", "two"]);
    expect(h["X-Folded"]).toEqual(["first\tsecond"]);
    expect(h["Subject"]).toEqual(["=?UTF-8?Q?Gr=C3=BC=C3=9Fe?="]); // as written: MailHog clients decode
    expect(h["__proto__"]).toEqual(["still a header"]);
    expect(m.Content.Size).toBe(Buffer.byteLength(data));
    expect(m.Content.Body.startsWith("preamble\r\n--outer\r\n")).toBe(true);
    expect(m.Content.MIME).toBeNull();

    const parts = m.MIME?.Parts ?? [];
    expect(parts).toHaveLength(2);
    const [alt, attachment] = parts as [MailHogContent, MailHogContent];
    expect(alt.Headers["Content-Type"]).toEqual(['multipart/alternative; boundary="inner"']);
    const inner = alt.MIME?.Parts ?? [];
    // Line breaks at a part's end are dropped, as MailHog drops them.
    expect(inner.map((p) => p.Body)).toEqual(["plain body\r\n.leading dot", "<p>html body</p>"]);
    expect(inner.map((p) => p.MIME)).toEqual([null, null]);
    expect(inner[1]?.Headers).toEqual({ "Content-Type": ["text/html; charset=utf-8"] });
    expect(attachment.Body).toBe("AAECAw==");
    expect(attachment.MIME).toBeNull();
    const attachmentText = 'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="data.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==';
    expect(attachment.Size).toBe(Buffer.byteLength(attachmentText));
  });

  it("gives a single-part message MIME null and its body as sent", async () => {
    const text = "From: a@example.test\r\nSubject: plain\r\n\r\nline one\r\nline two\r\n";
    await deliver(server, text);
    const m = (await get<MailHogMessages>("/api/v2/messages")).items[0];
    expect(m?.MIME).toBeNull();
    expect(m?.Content.Body).toBe("line one\r\nline two");
    expect(m?.Raw.Data).toBe(text.slice(0, -2));
  });

  it("pages newest first with start and limit, 0 meaning the default", async () => {
    for (const s of ["one", "two", "three"]) await deliver(server, `Subject: ${s}\r\n\r\nbody ${s}\r\n`);
    const subjects = (p: MailHogMessages): string[] => p.items.map((i) => i.Content.Headers["Subject"]?.[0] ?? "");
    expect(subjects(await get("/api/v2/messages"))).toEqual(["three", "two", "one"]);
    const page = await get<MailHogMessages>("/api/v2/messages?start=1&limit=1");
    expect(page).toMatchObject({ total: 3, count: 1, start: 1 });
    expect(subjects(page)).toEqual(["two"]);
    expect((await get<MailHogMessages>("/api/v2/messages?limit=0")).count).toBe(3);
    expect((await get<MailHogMessages>("/api/v2/messages?limit=100000")).count).toBe(3);
  });

  it("searches by kind: from (header or envelope), to (header or envelope, so Bcc), containing", async () => {
    await deliver(server, "From: Header Name <header-from@example.test>\r\nTo: visible@example.test\r\nSubject: first\r\n\r\nthe quick brown fox\r\n", {
      from: "bounce-1@example.test",
      to: ["visible@example.test", "secret-bcc@example.test"],
    });
    await deliver(server, "From: other@example.test\r\nTo: someone@example.test\r\nSubject: second\r\n\r\nlazy dog\r\n", { from: "bounce-2@example.test", to: ["someone@example.test"] });
    const search = (q: string): Promise<MailHogMessages> => get<MailHogMessages>(`/api/v2/search?${q}`);
    const subjects = (p: MailHogMessages): string[] => p.items.map((i) => i.Content.Headers["Subject"]?.[0] ?? "");
    expect(subjects(await search("kind=from&query=HEADER-FROM@example.test"))).toEqual(["first"]);
    expect(subjects(await search("kind=from&query=bounce-1"))).toEqual(["first"]);
    expect(subjects(await search("kind=from&query=example.test"))).toEqual(["second", "first"]);
    expect(subjects(await search("kind=to&query=secret-bcc@example.test"))).toEqual(["first"]);
    expect(subjects(await search("kind=to&query=someone"))).toEqual(["second"]);
    expect(subjects(await search("kind=containing&query=brown%20fox"))).toEqual(["first"]);
    expect(subjects(await search("kind=containing&query=second"))).toEqual(["second"]);
    const none = await search("kind=containing&query=nowhere-to-be-found");
    expect(none).toEqual({ total: 0, count: 0, start: 0, items: [] });
    const paged = await search("kind=from&query=example.test&start=1&limit=1");
    expect(paged).toMatchObject({ total: 2, count: 1, start: 1 });
    expect(subjects(paged)).toEqual(["first"]);
  });

  it("refuses bad searches and paging with MailHog's empty 400 and a reason header", async () => {
    for (const q of ["kind=subject&query=x", "kind=from", "kind=from&query=", "kind=from&query=%22%22", "kind=to&query=x&start=-1", "kind=to&query=x&limit=abc"]) {
      const res = await fetch(`${server.httpUrl}/api/v2/search?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.text(), q).toBe("");
      expect(res.headers.get("x-mailscope-error"), q).toMatch(/\w/);
    }
    expect((await fetch(`${server.httpUrl}/api/v2/messages?start=x`)).status).toBe(400);
  });

  it("serves one message, its download, and deletes one with MailHog's empty answers", async () => {
    const id = await deliver(server, MULTIPART);
    const one = await get<MailHogMessage>(`/api/v1/messages/${id}`);
    expect(one.Raw.Data).toBe(MULTIPART.slice(0, -2));
    const download = await fetch(`${server.httpUrl}/api/v1/messages/${id}/download`);
    expect(download.headers.get("content-type")).toBe("message/rfc822");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${id}.eml"`);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(MULTIPART))).toBe(true);

    const missing = await fetch(`${server.httpUrl}/api/v1/messages/nope`);
    expect([missing.status, await missing.text(), missing.headers.get("x-mailscope-error")]).toEqual([404, "", "message not found"]);

    const del = await bare(`${server.httpUrl}/api/v1/messages/${id}`, "DELETE");
    expect([del.status, del.body]).toEqual([200, ""]);
    expect((await server.messages()).total).toBe(0);
    const again = await bare(`${server.httpUrl}/api/v1/messages/${id}`, "DELETE");
    expect([again.status, again.body]).toEqual([404, ""]);
  });

  it("keeps Mailpit's GET /api/v1/messages shape", async () => {
    await deliver(server, "Subject: mailpit\r\n\r\nx\r\n");
    const list = await get<Record<string, unknown>>("/api/v1/messages");
    expect(list).toHaveProperty("messages");
    expect(list).toHaveProperty("messages_count", 1);
    expect(list).not.toHaveProperty("items");
  });

  describe("DELETE /api/v1/messages answers each client its own way", () => {
    const url = (): string => `${server.httpUrl}/api/v1/messages`;
    const cases: Array<[string, Record<string, string>, string | undefined, string]> = [
      ["no Accept, no body (MailHog's npm client)", {}, undefined, ""],
      ["Accept */* (curl, fetch, mailpit-api)", { accept: "*/*" }, undefined, "ok"],
      ["Accept with text/plain (axios)", { accept: "application/json, text/plain, */*" }, undefined, "ok"],
      ["Accept JSON only", { accept: "application/json" }, undefined, ""],
      ["Accept text/plain;q=0 and JSON", { accept: "text/plain;q=0, application/json" }, undefined, ""],
      ["a JSON body, no Accept (Mailpit's IDs form)", { "content-type": "application/json" }, "{}", "ok"],
    ];
    for (const [name, headers, body, expected] of cases) {
      it(name, async () => {
        await deliver(server, "Subject: to delete\r\n\r\nx\r\n");
        const res = await bare(url(), "DELETE", headers, body);
        expect([res.status, res.body]).toEqual([200, expected]);
        expect((await server.messages()).total).toBe(0);
      });
    }

    it("deletes only the listed IDs when given, answering ok", async () => {
      const keep = await deliver(server, "Subject: keep\r\n\r\nx\r\n");
      const drop = await deliver(server, "Subject: drop\r\n\r\nx\r\n");
      const res = await bare(url(), "DELETE", { "content-type": "application/json" }, JSON.stringify({ IDs: [drop] }));
      expect([res.status, res.body]).toEqual([200, "ok"]);
      expect((await server.messages()).messages.map((m) => m.ID)).toEqual([keep]);
    });
  });
});

describe("MailHog shapes of hostile structure", () => {
  it("stops at the MIME tree's depth limit instead of recursing without bound", () => {
    const depth = 200;
    let body = "Content-Type: text/plain\n\ninnermost\n";
    for (let i = depth; i > 0; i--) body = `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n${body}--b${i}--\n`;
    const store = newStore();
    const id = put(store, `Subject: deep\n${body}`);
    const m = store.getMessage(id);
    if (m === undefined) throw new Error("not stored");
    let levels = 0;
    for (let part = mailhogMessage(m).MIME?.Parts[0]; part !== undefined; part = part.MIME?.Parts[0]) levels++;
    expect(levels).toBeGreaterThan(10);
    expect(levels).toBeLessThan(depth);
  });

  it("keeps a multipart without its boundary as one body", () => {
    const store = newStore();
    const id = put(store, 'Subject: broken\nContent-Type: multipart/mixed; boundary="absent"\n\nno parts here\n');
    const m = store.getMessage(id);
    if (m === undefined) throw new Error("not stored");
    const shaped = mailhogMessage(m);
    expect(shaped.MIME).toBeNull();
    expect(shaped.Content.Body).toBe("no parts here");
  });
});
