import { describe, expect, it } from "vitest";
import { parseListUnsubscribe } from "./list-unsubscribe.js";
import { canonicalHeaderName, headersOf } from "./message-shapes.js";
import { contentDisposition, PART_ID, safeFileName, servedAs } from "./download.js";

describe("downloads", () => {
  it.each([
    ["report.pdf", "report.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Windows\\win.ini", "win.ini"],
    ['a"b\r\nc.txt', "a_b__c.txt"],
    ["...", "part-2"],
    ["", "part-2"],
    ["CON.txt", "_CON.txt"],
    ["Äpfel.pdf", "Äpfel.pdf"],
  ])("safeFileName(%j) is %j", (name, safe) => expect(safeFileName(name, "part-2")).toBe(safe));

  it("keeps the extension of an overlong name", () => {
    const name = safeFileName(`${"a".repeat(500)}.pdf`, "x");
    expect(name).toHaveLength(200);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("writes an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("attachment", "Äpfel 100%.pdf")).toBe(`attachment; filename="_pfel 100_.pdf"; filename*=UTF-8''%C3%84pfel%20100%25.pdf`);
  });

  it.each([
    ["image/png", "image/png", "inline"],
    ["text/html", "application/octet-stream", "attachment"],
    ["image/svg+xml", "application/octet-stream", "attachment"],
    ["application/rss+xml", "application/octet-stream", "attachment"],
    ["application/zip", "application/zip", "attachment"],
    ["text/plain\r\nX-Evil: 1", "application/octet-stream", "attachment"],
  ])("servedAs(%j)", (type, served, disposition) => expect(servedAs(type)).toEqual({ type: served, disposition }));

  it("part IDs are dotted numbers only", () => {
    expect(["2", "1.2", "1.2.10"].every((p) => PART_ID.test(p))).toBe(true);
    expect(["", "..", "../2", "2/..", "2.", ".2", "a", "2\u0000"].some((p) => PART_ID.test(p))).toBe(false);
  });
});

describe("headers and List-Unsubscribe", () => {
  it("names headers as Go does, and a header named __proto__ stays a plain key", () => {
    expect(canonicalHeaderName("message-id")).toBe("Message-Id");
    expect(canonicalHeaderName("x-tags")).toBe("X-Tags");
    const h = headersOf([{ name: "subject", value: "a" }, { name: "__proto__", value: "x" }, { name: "received", value: "1" }, { name: "received", value: "2" }]);
    expect(Object.keys(h)).toEqual(["Received", "Subject", "__proto__"]);
    expect(h["Received"]).toEqual(["1", "2"]);
    expect(Object.getPrototypeOf(h)).toBe(Object.prototype);
  });

  it.each([
    ["<mailto:u@x.test>, <https://x.test/u>", "", ["mailto:u@x.test", "https://x.test/u"], ""],
    ["<https://x.test/u> (comment)", "List-Unsubscribe=One-Click", ["https://x.test/u"], ""],
    ["https://x.test/u", "", [], '"https://x.test/u" no valid unsubscribe links found'],
    ["<ftp://x.test/u>", "", [], '"ftp://x.test/u" should start with either http(s):// or mailto:'],
    ["<mailto:a@x.test><mailto:b@x.test>", "", [], '"<mailto:a@x.test><mailto:b@x.test>" <> should be split with a comma and optional spaces'],
    ["<mailto:u@x.test>", "List-Unsubscribe=One-Click", ["mailto:u@x.test"], "List-Unsubscribe-Post needs an https:// link in List-Unsubscribe"],
  ])("List-Unsubscribe %j", (header, post, links, errors) => {
    expect(parseListUnsubscribe(header, post)).toEqual({ Header: header, HeaderPost: post, Links: links, Errors: errors });
  });
});
