import { describe, expect, it } from "vitest";
import { findCodes } from "./codes.js";
import { findLinks } from "./links.js";
import { compilePattern, matchPattern, PatternError } from "./pattern.js";

describe("findLinks", () => {
  it("takes anchors with their text from HTML, then bare URLs from the text", () => {
    const html = `<p>Hi <a href="https://app.test/verify?t=abc&amp;u=1"> Verify
      <b>now</b></a> or <a href="javascript:alert(1)">evil</a> <a href="#top">top</a></p>`;
    const text = "Verify: https://app.test/verify?t=abc&u=1\nHelp: https://help.test/faq";
    expect(findLinks(text, html)).toEqual([
      { URL: "https://app.test/verify?t=abc&u=1", Text: "Verify now", Source: "html" },
      { URL: "https://help.test/faq", Text: "https://help.test/faq", Source: "text" },
    ]);
  });
});

describe("findCodes", () => {
  it.each([
    ["Your verification code is 482913.", ["482913"]],
    ["Use code AB12-CD34 to sign in", ["AB12-CD34"]],
    ["Your code:\n\n  7731\n\nIt expires in 10 minutes.", ["7731"]],
    ["Order 123456 shipped in 2026", []],
    ["Your PIN is 0042 and your OTP is 998877", ["0042", "998877"]],
    ["Invoice INV-2026-000123 is attached", []],
  ])("%j", (text, codes) => {
    expect(findCodes(text).map((c) => c.Code)).toEqual(codes);
  });
});

describe("pattern", () => {
  it("returns matches with their groups", () => {
    expect(matchPattern(compilePattern("token=(\\w+)"), "a token=abc b token=def")).toEqual([
      { Match: "token=abc", Groups: ["abc"] },
      { Match: "token=def", Groups: ["def"] },
    ]);
  });
  it("rejects an invalid or huge pattern with a reason", () => {
    expect(() => compilePattern("(")).toThrow(PatternError);
    expect(() => compilePattern("a".repeat(600))).toThrow(/longer than/);
  });
});
