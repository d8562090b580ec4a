// The fixture corpus delivered through a real SMTP socket: the list's summary
// (Mailpit's shape), the parsed view, and the Bcc rule, for every kind of
// message the store must read.

import type { MessageSummary } from "@mailscope/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParsedView } from "../src/store/parsed-view.js";
import { startTestServer, type TestServer } from "./harness.js";
import { fixture, sendRaw } from "./store-helpers.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ smtpMaxSize: 40 * 1024 * 1024 });
});
afterAll(() => server.close());

async function deliver(name: string, to?: string[]): Promise<{ id: string; summary: MessageSummary; view: ParsedView }> {
  const id = await sendRaw(server.smtpPort, fixture(name), "sender@example.test", to);
  const list = await server.messages();
  const summary = list.messages.find((m) => m.ID === id);
  if (summary === undefined) throw new Error(`${id} not listed`);
  const view = await server.store.parsed(id);
  if (view === undefined) throw new Error(`${id} has no parsed view`);
  return { id, summary, view };
}

describe("fixture corpus over SMTP", () => {
  it("multipart/alternative: addresses, encoded-word name, tags, snippet from QP text, HTML kept, Bcc = envelope minus To/Cc", async () => {
    const { summary, view } = await deliver("alternative.eml", ["alice@example.test", "BOB@example.test", "carol@example.test", "hidden@example.test"]);
    expect(summary).toMatchObject({
      Subject: "Your order #1042 has shipped",
      MessageID: "order-1042@shop.test",
      From: { Name: "Jürgen Müller", Address: "juergen@shop.test" },
      To: [{ Name: "Alice", Address: "alice@example.test" }, { Name: "", Address: "bob@example.test" }],
      Cc: [{ Name: "Carol C.", Address: "carol@example.test" }],
      ReplyTo: [{ Name: "", Address: "support@shop.test" }],
      Bcc: [{ Name: "", Address: "hidden@example.test" }],
      Tags: ["orders", "shipping"],
      Attachments: 0,
    });
    expect(summary.Snippet).toBe("Hello Alice, your parcel with the blue teapot is on its way. Tracking code: TRK-881234. Grüße, the shop");
    expect(view.text).toContain("Tracking code: TRK-881234.");
    expect(view.html).toContain("<b>blue teapot</b>");
    expect(view.headers.map((h) => h.name).slice(0, 3)).toEqual(["from", "to", "cc"]);
    expect(view.mime.contentType).toBe("multipart/alternative");
    expect(view.mime.children.map((c) => c.contentType)).toEqual(["text/plain", "text/html"]);
    expect(view.error).toBe("");
  });

  it("multipart/related: the cid image is an inline part, not an attachment; snippet from the HTML", async () => {
    const { summary, view } = await deliver("related-cid.eml");
    expect(summary.Attachments).toBe(0);
    expect(summary.Snippet).toBe("Spring & summer collection – out now.");
    expect(view.inline).toHaveLength(1);
    expect(view.inline[0]).toMatchObject({ filename: "logo.png", contentId: "logo@brand.test", contentType: "image/png", size: 200 });
    expect(view.inline[0]?.checksums.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(view.html).toContain('src="cid:logo@brand.test"');
    expect(view.attachments).toHaveLength(0);
  });

  it("attachments named with RFC 2231 continuations and RFC 2047 words", async () => {
    const { summary, view } = await deliver("attachment-names.eml");
    expect(summary.Attachments).toBe(2);
    expect(view.attachments.map((a) => a.filename)).toEqual(["Äpfel & Birnen Rechnung.pdf", "Отчёт.csv"]);
    expect(view.attachments[0]?.size).toBe(600);
    expect(view.attachments[0]?.content.subarray(0, 8).toString()).toBe("%PDF-1.4");
    expect(view.mime.children.map((c) => c.filename)).toEqual(["", "Äpfel & Birnen Rechnung.pdf", "Отчёт.csv"]);
  });

  it("base64, quoted-printable and raw 8-bit UTF-8 (SMTPUTF8) bodies and headers", async () => {
    const b64 = await deliver("base64-body.eml");
    expect(b64.summary.Snippet).toBe("Base64 body: the password reset link expires in 30 minutes. Ünïcödé survives.");
    const utf8 = await deliver("8bit-utf8.eml");
    expect(utf8.summary).toMatchObject({ Subject: "ÄPFEL und Birnen für Straße", From: { Name: "Zoë Ångström", Address: "zoe@exämple.test" } });
    expect(utf8.view.text).toContain("Größenmaßstäbe für ΣΟΦΊΑ");
  });

  const legacy: Array<[string, string, string]> = [
    ["iso-8859-1.eml", "Café crème déjà vu", "Le café est très chaud. Voilà!"],
    ["iso-8859-2.eml", "Zażółć gęślą jaźń", "Pchnąć w tę łódź jeża lub ośm skrzyń fig."],
    ["windows-1251.eml", "Привет мир", "Съешь же ещё этих мягких французских булок."],
    ["windows-1252.eml", "Prix 50€ – offre", "Le prix est de 50€ – “offre spéciale”."],
    ["shift_jis.eml", "こんにちは 世界", "日本語のメール本文です。カタカナも。"],
    ["gb2312.eml", "你好 世界", "这是一封中文邮件。"],
    ["koi8-r.eml", "Здравствуй КОИ", "Широкая электрификация южных губерний."],
  ];
  it.each(legacy)("legacy charset %s: subject, sender name, snippet and text", async (name, subject, body) => {
    const { summary, view } = await deliver(name);
    expect(summary.Subject).toBe(subject);
    expect(summary.From?.Name).toBe(`Sender ${subject.split(" ")[0]}`);
    expect(summary.Snippet).toBe(body);
    expect(view.text.trim()).toBe(body);
  });

  it("raw 8-bit Latin-1 headers are read in the declared charset", async () => {
    const { summary } = await deliver("8bit-latin1-header.eml");
    expect(summary).toMatchObject({ Subject: "Réunion à 15h", From: { Name: "Françoise" }, Snippet: "La réunion est confirmée." });
  });

  it("nested message/rfc822: one attachment, the embedded message in the MIME tree", async () => {
    const { summary, view } = await deliver("nested-rfc822.eml");
    expect(summary).toMatchObject({ Attachments: 1, Snippet: "See the forwarded message below." });
    expect(view.attachments[0]).toMatchObject({ filename: "original.eml", contentType: "message/rfc822" });
    expect(view.mime.children[1]?.contentType).toBe("message/rfc822");
  });

  it("calendar invite: the text/calendar part is an attachment, the text is the snippet", async () => {
    const { summary, view } = await deliver("calendar-invite.eml");
    expect(summary).toMatchObject({ Attachments: 1, Snippet: "You are invited to the design review on Thursday." });
    expect(view.attachments[0]?.contentType).toBe("text/calendar");
    expect(view.attachments[0]?.content.toString()).toContain("SUMMARY:Design review");
  });

  it("broken boundary: stored and listed, the problem visible, the body still readable", async () => {
    const { summary, view } = await deliver("broken-boundary.eml");
    expect(summary.Subject).toBe("Broken boundary");
    expect(summary.Snippet).toContain("nothing splits this body");
    expect(view.problems.join()).toMatch(/declared-boundary/);
  });

  it("missing Date, Message-ID and From", async () => {
    const { summary, view } = await deliver("missing-headers.eml");
    expect(summary).toMatchObject({ From: null, MessageID: "", Subject: "No date, no id, no sender" });
    expect(view.summary.date).toBeNull();
    expect(view.text).toContain("neither Date");
  });

  it("998-character lines survive whole", async () => {
    const { id, summary, view } = await deliver("long-lines.eml");
    expect(summary.Snippet.endsWith("...")).toBe(true);
    expect(summary.Snippet.length).toBe(253);
    const lines = view.text.split("\n").filter((l) => l.includes("ENDWORD"));
    expect(lines.map((l) => l.length)).toEqual([998, 998]);
    expect(server.store.search("endwordx", 0, 10).items.map((m) => m.id)).toEqual([id]);
  });

  it("a message mailparser refuses is still stored and listed, with its error", async () => {
    const parts = Array.from({ length: 1100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join("");
    const raw = Buffer.from(`From: many@example.test\r\nSubject: Too many parts\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    const id = await sendRaw(server.smtpPort, raw);
    expect((await server.messages()).messages.find((m) => m.ID === id)).toMatchObject({ Subject: "Too many parts", Snippet: "part 0" });
    const view = await server.store.parsed(id);
    expect(view?.error).toMatch(/child nodes/i);
    expect(view?.mime.children.length).toBeGreaterThan(0);
  });

  it("a 25 MB attachment: stored byte for byte, listed, parsed with its size and checksum", async () => {
    const content = Buffer.alloc(25 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4096) content.writeUInt32BE(i, i);
    const b64 = content.toString("base64").replace(/.{76}/g, "$&\r\n");
    const raw = Buffer.from(
      `From: big@example.test\r\nTo: rcpt@example.test\r\nSubject: Big one\r\nContent-Type: multipart/mixed; boundary="big"\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--big\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64}\r\n--big--\r\n`,
    );
    const id = await sendRaw(server.smtpPort, raw);
    const summary = (await server.messages()).messages.find((m) => m.ID === id);
    expect(summary).toMatchObject({ Size: raw.length, Attachments: 1, Snippet: "See attached." });
    expect(await server.store.getMessage(id)?.raw.equals(raw)).toBe(true);
    const view = await server.store.parsed(id);
    expect(view?.attachments[0]).toMatchObject({ filename: "big.bin", size: content.length });
    const { createHash } = await import("node:crypto");
    expect(view?.attachments[0]?.checksums.sha256).toBe(createHash("sha256").update(content).digest("hex"));
  });
});
