import { describe, expect, it } from "vitest";
import { escapeWire } from "./wire-text.js";

describe("escapeWire", () => {
  it.each([
    ["MAIL FROM:<a@b.c>", "MAIL FROM:<a@b.c>"],
    ["tab\there", "tab\\there"],
    ["nul\x00bell\x07del\x7f", "nul\\x00bell\\x07del\\x7F"],
    ["back\\slash", "back\\\\slash"],
    ["cr\rlf\n", "cr\\rlf\\n"],
  ])("%j", (input, expected) => {
    expect(escapeWire(Buffer.from(input, "latin1"))).toBe(expected);
  });

  it("keeps valid UTF-8 and escapes invalid sequences byte by byte", () => {
    expect(escapeWire(Buffer.from("用户 jörg", "utf8"))).toBe("用户 jörg");
    expect(escapeWire(Buffer.from([0x61, 0xc3, 0x28, 0xff, 0xe2, 0x82]))).toBe("a\\xC3(\\xFF\\xE2\\x82");
    expect(escapeWire(Buffer.from([0xc0, 0xaf]))).toBe("\\xC0\\xAF"); // overlong '/'
    expect(escapeWire(Buffer.from([0xed, 0xa0, 0x80]))).toBe("\\xED\\xA0\\x80"); // surrogate
  });
});
