// Every method of the npm package mailpit-api (the client Mailpit users have)
// against a running Mailscope, with real peers: Postfix's smtp-sink as the
// release relay, SpamAssassin's spamd for sa-check, local HTTP servers for
// link-check. Nothing leaves 127.0.0.1.

import { createHash } from "node:crypto";
import { MailpitClient, type MailpitMessageSummaryResponse } from "mailpit-api";
import nodemailer, { type SendMailOptions } from "nodemailer";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayConfig } from "../src/relay/config.js";
import { startTestServer, type TestServer } from "./harness.js";
import { startHttp, startSmtpSink, startSpamd, type LocalHttp, type SmtpSink, type Spamd } from "./mailpit-peers.js";

const PNG_1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
const GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

let sink: SmtpSink;
let spamd: Spamd;
let web: LocalHttp;
let server: TestServer;
let plain: TestServer;
let mailpit: MailpitClient;

async function smtp(server: TestServer, mail: SendMailOptions): Promise<void> {
  const t = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort, secure: false, ignoreTLS: true });
  await t.sendMail({ from: "app@example.test", to: "user@example.test", ...mail });
  t.close();
}

beforeAll(async () => {
  [sink, spamd, web] = await Promise.all([
    startSmtpSink(),
    startSpamd(),
    startHttp((req, res) => {
      if (req.url === "/ok") res.writeHead(200).end("fine");
      else if (req.url === "/moved") res.writeHead(301, { location: "/ok" }).end();
      else res.writeHead(404).end("no");
    }),
  ]);
  const relay = relayConfig({ host: "127.0.0.1", port: String(sink.port), startTls: false, allowInsecure: false, auth: "none", username: "", password: "", returnPath: "", allowedRecipients: "", blockedRecipients: "@blocked\\.test$" });
  server = await startTestServer({ relay, spamAssassin: { host: "127.0.0.1", port: spamd.port } });
  plain = await startTestServer();
  mailpit = new MailpitClient(server.httpUrl);
}, 90_000);

afterAll(async () => {
  await Promise.all([server?.close(), plain?.close(), sink?.stop(), spamd?.stop(), web?.stop()]);
});

describe("mailpit-api against Mailscope", () => {
  let sent: MailpitMessageSummaryResponse;

  it("sendMessage() stores the message as if over SMTP, with a transcript that says it came over HTTP", async () => {
    const { ID } = await mailpit.sendMessage({
      From: { Email: "shop+orders@example.test", Name: "Shop" },
      To: [{ Email: "ann@example.test", Name: "Ann" }],
      Cc: [{ Email: "carl@example.test" }],
      Bcc: ["audit@example.test"],
      ReplyTo: [{ Email: "help@example.test" }],
      Subject: "Order 42",
      Text: "Your order 42 is on its way.",
      HTML: '<div style="display:flex"><p>Order <b>42</b>, <a href="https://shop.example.test/42">track</a></p><img src="cid:logo"></div>',
      Headers: { "X-Order": "42" },
      Tags: ["Shop", "api"],
      Attachments: [
        { Filename: "invoice.txt", Content: Buffer.from("invoice 42\n").toString("base64"), ContentType: "text/plain" },
        { Filename: "logo.png", Content: PNG_1x1, ContentType: "image/png", ContentID: "logo" },
      ],
    });
    expect(ID).toMatch(/^[\w-]+$/);
    sent = await mailpit.getMessageSummary(ID);
    expect(sent).toMatchObject({
      ID,
      From: { Name: "Shop", Address: "shop+orders@example.test" },
      To: [{ Name: "Ann", Address: "ann@example.test" }],
      Cc: [{ Name: "", Address: "carl@example.test" }],
      Bcc: [{ Name: "", Address: "audit@example.test" }],
      ReplyTo: [{ Name: "", Address: "help@example.test" }],
      ReturnPath: "shop+orders@example.test",
      Subject: "Order 42",
      Tags: ["Shop", "api", "orders"], // X-Tags from the request and the plus-address, sorted
      Text: "Your order 42 is on its way.",
    });
    expect(sent.HTML).toContain("cid:logo");
    expect(sent.Attachments).toEqual([expect.objectContaining({ FileName: "invoice.txt", ContentType: "text/plain", Size: 11 })]);
    expect(sent.Inline).toEqual([expect.objectContaining({ FileName: "logo.png", ContentID: "logo", ContentType: "image/png" })]);
    const session = (await server.getJson<{ Transcript: Array<{ Text: string; Event?: string; MessageID?: string }> }>(`/api/v1/session/${(sent as unknown as { SessionID: string }).SessionID}`)).Transcript;
    expect(session[0]).toMatchObject({ Event: "connect" });
    expect(session[0]?.Text).toContain("POST /api/v1/send");
    expect(session[0]?.Text).toContain("not SMTP");
    expect(session.find((e) => e.Event === "stored")?.MessageID).toBe(ID);
  });

  it("getMessageSummary() marks the message read; `latest` works", async () => {
    await smtp(server, { subject: "unread one", text: "x" });
    const before = await mailpit.listMessages(0, 1);
    expect(before.messages[0]?.Read).toBe(false);
    const latest = await mailpit.getMessageSummary();
    expect(latest.Subject).toBe("unread one");
    expect((await mailpit.listMessages(0, 1)).messages[0]?.Read).toBe(true);
  });

  it("getMessageHeaders() lists header values by canonical name, names sorted", async () => {
    const headers = await mailpit.getMessageHeaders(sent.ID);
    expect(headers["Subject"]).toEqual(["Order 42"]);
    expect(headers["X-Order"]).toEqual(["42"]);
    expect(headers["Message-Id"]?.[0]).toMatch(/^<.+>$/);
    const names = Object.keys(headers);
    expect(names).toEqual([...names].sort());
  });

  it("getMessageAttachment() returns the part's bytes and type, matching its checksum", async () => {
    const part = sent.Attachments[0];
    const blob = await mailpit.getMessageAttachment(sent.ID, part?.PartID ?? "");
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect(bytes.toString()).toBe("invoice 42\n");
    expect(blob.type).toBe("text/plain");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(part?.Checksums.SHA256);
  });

  it("getAttachmentThumbnail() gives a 180x120 JPEG; a blank white one for a part that is not an image", async () => {
    const image = await mailpit.getAttachmentThumbnail(sent.ID, sent.Inline[0]?.PartID ?? "");
    expect(image.type).toBe("image/jpeg");
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 180, 120]);
    const blank = Buffer.from(await (await mailpit.getAttachmentThumbnail(sent.ID, sent.Attachments[0]?.PartID ?? "")).arrayBuffer());
    const stats = await sharp(blank).stats();
    expect((await sharp(blank).metadata()).width).toBe(180);
    expect(stats.channels.every((c) => c.min >= 250)).toBe(true);
  });

  it("getMessageSource() returns the message as stored", async () => {
    const source = await mailpit.getMessageSource(sent.ID);
    expect(source).toContain("Subject: Order 42");
    expect(source).toContain("X-Order: 42");
  });

  it("listMessages() and searchMessages() page in Mailpit's shape", async () => {
    const all = await mailpit.listMessages();
    expect(all).toMatchObject({ total: 2, count: 2, messages_count: 2, start: 0 });
    expect(all.tags).toEqual(["Shop", "api", "orders"]);
    const found = await mailpit.searchMessages({ query: "subject:\"Order 42\"" });
    expect(found.messages.map((m) => m.ID)).toEqual([sent.ID]);
    expect(found.messages_count).toBe(1);
  });

  it("setReadStatus() by IDs, by search, and for all", async () => {
    expect(await mailpit.setReadStatus({ IDs: [sent.ID], Read: false })).toBe("ok");
    expect((await mailpit.searchMessages({ query: "is:unread" })).messages.map((m) => m.ID)).toEqual([sent.ID]);
    expect(await mailpit.setReadStatus({ Search: "subject:\"Order 42\"", Read: true })).toBe("ok");
    expect((await mailpit.searchMessages({ query: "is:unread" })).messages_count).toBe(0);
    expect(await mailpit.setReadStatus()).toBe("ok"); // Read defaults to false: all unread
    expect((await mailpit.listMessages()).unread).toBe(2);
    await expect(mailpit.setReadStatus({ IDs: [sent.ID], Search: "x" })).rejects.toThrow(/400.*either IDs or a search/);
  });

  it("getTags(), setTags(), renameTag(), deleteTag()", async () => {
    expect(await mailpit.getTags()).toEqual(["Shop", "api", "orders"]);
    expect(await mailpit.setTags({ IDs: [sent.ID], Tags: ["Urgent", "urgent", "bad/chars!"] })).toBe("ok");
    expect((await mailpit.getMessageSummary(sent.ID)).Tags).toEqual(["Urgent", "bad chars"]);
    expect(await mailpit.renameTag("Urgent", "Later")).toBe("ok");
    expect(await mailpit.getTags()).toEqual(["Later", "bad chars"]);
    expect((await mailpit.searchMessages({ query: "tag:later" })).messages_count).toBe(1);
    expect(await mailpit.deleteTag("bad chars")).toBe("ok");
    expect(await mailpit.getTags()).toEqual(["Later"]);
    expect(await mailpit.setTags({ IDs: [sent.ID] })).toBe("ok"); // no Tags: remove them all
    expect(await mailpit.getTags()).toEqual([]);
    await expect(mailpit.renameTag("Nope", "x")).rejects.toThrow(/400.*tag not found/);
  });

  it("htmlCheck() reports the features the HTML uses, with caniemail's support data", async () => {
    const check = await mailpit.htmlCheck(sent.ID);
    const flex = check.Warnings.find((w) => w.Slug === "css-display-flex");
    expect(flex?.Score.Found).toBe(1);
    expect(flex?.Results.length).toBeGreaterThan(10);
    expect(flex?.Results.some((r) => r.Family === "outlook" && r.Support === "no")).toBe(true);
    expect(check.Warnings.some((w) => w.Slug === "html-img")).toBe(true);
    expect(check.Total.Nodes).toBeGreaterThanOrEqual(4);
    expect(check.Total.Supported + check.Total.Partial + check.Total.Unsupported).toBeCloseTo(100);
    expect(check.Platforms["windows"]).toContain("Outlook");
    await smtp(server, { subject: "text only", text: "no html here" });
    await expect(mailpit.htmlCheck()).rejects.toThrow(/400.*does not contain HTML/);
  });

  it("linkCheck() asks each link with HEAD; redirects are followed only when asked", async () => {
    await smtp(server, { subject: "links", html: `<a href="${web.url}/ok">ok</a> <a href="${web.url}/missing">gone</a> <img src="${web.url}/moved">`, text: `plain ${web.url}/ok` });
    const check = await mailpit.linkCheck();
    const status = Object.fromEntries(check.Links.map((l) => [l.URL.replace(web.url, ""), `${l.StatusCode} ${l.Status}`]));
    expect(status).toEqual({ "/ok": "200 OK", "/missing": "404 Not Found", "/moved": "301 Moved Permanently" });
    expect(check.Errors).toBe(1);
    expect(web.seen.filter((s) => s.startsWith("HEAD"))).toHaveLength(3);
    const followed = await mailpit.linkCheck("latest", true);
    expect(followed.Links.find((l) => l.URL.endsWith("/moved"))?.StatusCode).toBe(200);
  });

  it("spamAssassinCheck() asks spamd; without --enable-spamassassin it is a clear 400", async () => {
    await smtp(server, { subject: "spam", text: `Buy now ${GTUBE}` });
    const result = await mailpit.spamAssassinCheck();
    expect(result).toMatchObject({ Error: "", IsSpam: true });
    expect(result.Score).toBeGreaterThan(5);
    expect(result.Rules?.map((r) => r.Name)).toContain("GTUBE");
    await smtp(plain, { subject: "x", text: "x" });
    await expect(new MailpitClient(plain.httpUrl).spamAssassinCheck()).rejects.toThrow(/400.*SpamAssassin is not enabled.*--enable-spamassassin/);
  }, 30_000);

  it("releaseMessage() relays through smtp-sink: new Message-ID, no Bcc header; refused when no relay is set", async () => {
    // The stored message carries a Bcc header, which release must not pass on.
    const raw = "From: App <app@example.test>\r\nTo: ann@example.test\r\nBcc: secret@example.test\r\nSubject: release me\r\nMessage-ID: <orig@example.test>\r\n\r\nbye\r\n";
    await smtp(server, { envelope: { from: "app@example.test", to: ["ann@example.test", "secret@example.test"] }, raw });
    expect(await mailpit.getMessageSource()).toMatch(/^Bcc: secret@example\.test/m);
    expect(await mailpit.releaseMessage("latest", { To: ["dest@elsewhere.test", "Two <two@elsewhere.test>"] })).toBe("ok");
    const [dump] = await sink.received();
    expect(dump).toContain("X-Mail-Args: <app@example.test>");
    expect(dump).toMatch(/X-Rcpt-Args: <dest@elsewhere\.test>[\s\S]*X-Rcpt-Args: <two@elsewhere\.test>/);
    expect(dump).toContain("Subject: release me");
    expect(dump).not.toMatch(/^Bcc:/im);
    expect(dump).not.toContain("orig@example.test");
    expect(dump).toMatch(/^Message-ID: <[\w-]+@mailscope>/m);
    await expect(mailpit.releaseMessage("latest", { To: ["x@blocked.test"] })).rejects.toThrow(/400.*blocklist/);
    await expect(mailpit.releaseMessage("latest", { To: ["not an address"] })).rejects.toThrow(/400.*Invalid email address/);
    expect(await sink.received()).toHaveLength(1);
    await expect(new MailpitClient(plain.httpUrl).releaseMessage("latest", { To: ["a@b.test"] })).rejects.toThrow(/400.*relay is not enabled.*--smtp-relay-host/);
  });

  it("renderMessageHTML() and renderMessageText() (the /view pages)", async () => {
    const html = await mailpit.renderMessageHTML(sent.ID);
    expect(html).toContain("<b>42</b>");
    expect(html).toContain(`src="/api/v1/message/${sent.ID}/part/${sent.Inline[0]?.PartID}"`); // cid: points at the part
    const embedded = await mailpit.renderMessageHTML(sent.ID, 1);
    expect(embedded).toContain('<a target="_blank" rel="noreferrer noopener" href="https://shop.example.test/42">');
    expect(embedded).toContain("postMessage");
    expect(await mailpit.renderMessageText(sent.ID)).toBe("Your order 42 is on its way.");
  });

  it("waitForMessage() and waitForMessages() see a message that arrives later", async () => {
    setTimeout(() => void smtp(server, { subject: "arrives later", text: "hello" }), 300);
    const message = await mailpit.waitForMessage({ query: "subject:\"arrives later\"" }, { timeout: 5000, interval: 100 });
    expect(message.Subject).toBe("arrives later");
    const list = await mailpit.waitForMessages({ query: "subject:later", count: 1 }, { timeout: 2000, interval: 100 });
    expect(list.messages_count).toBe(1);
  });

  it("deleteMessagesBySearch() and deleteMessages()", async () => {
    const before = (await mailpit.listMessages()).total;
    expect(await mailpit.deleteMessagesBySearch({ query: "subject:spam" })).toBe("ok");
    expect((await mailpit.listMessages()).total).toBe(before - 1);
    await expect(mailpit.deleteMessagesBySearch({ query: "is:nonsense" })).rejects.toThrow(/400.*is:nonsense/);
    expect((await mailpit.listMessages()).total).toBe(before - 1);
    expect(await mailpit.deleteMessages({ IDs: [sent.ID] })).toBe("ok");
    await expect(mailpit.getMessageSummary(sent.ID)).rejects.toThrow(/404/);
    expect(await mailpit.deleteMessages()).toBe("ok");
    expect((await mailpit.listMessages()).total).toBe(0);
  });

  it("getInfo() and getConfiguration()", async () => {
    await smtp(server, { subject: "info", text: "x" });
    const info = await mailpit.getInfo();
    expect(info.Messages).toBe(1);
    expect(info.Unread).toBe(1);
    expect(info.Version).toMatch(/\d/);
    expect(info.RuntimeStats.SMTPAccepted).toBeGreaterThan(5);
    const config = await mailpit.getConfiguration();
    expect(typeof config.MessageRelay.Enabled).toBe("boolean");
    expect(typeof config.SpamAssassin).toBe("boolean");
  });

  it("getInfo() counts every deleted message in MessagesDeleted, whether deleted by ID or all at once", async () => {
    await smtp(server, { subject: "gone one", text: "x" });
    await smtp(server, { subject: "gone all", text: "x" });
    const before = (await mailpit.getInfo()).RuntimeStats.MessagesDeleted;
    const stored = (await mailpit.listMessages()).total;
    expect(stored).toBeGreaterThanOrEqual(2);
    const one = await mailpit.searchMessages({ query: "subject:\"gone one\"" });
    expect(await mailpit.deleteMessages({ IDs: [one.messages[0]?.ID ?? ""] })).toBe("ok");
    expect((await mailpit.getInfo()).RuntimeStats.MessagesDeleted).toBe(before + 1);
    expect(await mailpit.deleteMessages()).toBe("ok");
    expect((await mailpit.getInfo()).RuntimeStats.MessagesDeleted).toBe(before + stored);
  });

  it("getChaosTriggers() and setChaosTriggers() answer Mailpit's documented error while chaos is off", async () => {
    await expect(mailpit.getChaosTriggers()).rejects.toThrow(/400.*Chaos is not enabled/);
    await expect(mailpit.setChaosTriggers({ Sender: { ErrorCode: 451, Probability: 5 } })).rejects.toThrow(/400.*Chaos is not enabled/);
  });
});
