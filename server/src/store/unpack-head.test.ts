// Packer.unpackHead: the header block of a compressed message without
// inflating the whole message, whatever the header block's length.

import { randomBytes } from "node:crypto";
import { brotliCompressSync, constants } from "node:zlib";
import { describe, expect, it } from "vitest";
import { splitHead } from "./header-summary.js";
import { Packer } from "./packer.js";

const pack = (raw: Buffer): Buffer => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 0 } });
const packer = new Packer(() => {});
// Text that compresses about as well as mail does (a repeated sentence would shrink to nothing).
const body = Array.from({ length: 600 }, () => randomBytes(24).toString("base64")).join(" ");

/** Headers of about `bytes`, in lines that compress poorly (as Received and DKIM lines do), then `last`. */
function message(bytes: number, last: string, newline = "\r\n"): Buffer {
  const lines: string[] = [];
  for (let n = 0; n < bytes; n += 80) lines.push(`Received: from relay${lines.length}.test by mx.test id ${randomBytes(24).toString("base64")}`);
  return Buffer.from([...lines, last, "", body].join(newline));
}

describe("Packer.unpackHead", () => {
  it.each([
    ["a short header block", 200],
    ["a header block past the first prefix", 6_000],
  ])("gives the whole header block of %s and stops well short of the body", (_, headerBytes) => {
    const raw = message(headerBytes, "X-Test-Id: wanted");
    const start = packer.unpackHead(pack(raw), raw.length);
    const { headEnd } = splitHead(raw);
    expect(start.length).toBeGreaterThan(headEnd);
    expect(start.equals(raw.subarray(0, start.length))).toBe(true);
    expect(start.subarray(0, headEnd).toString()).toContain("X-Test-Id: wanted");
    expect(start.length).toBeLessThan(raw.length - body.length / 2);
  });

  it("gives the whole header block when it takes many doublings to reach", () => {
    const raw = message(60_000, "X-Test-Id: far");
    const start = packer.unpackHead(pack(raw), raw.length);
    expect(start.equals(raw.subarray(0, start.length))).toBe(true);
    expect(start.subarray(0, splitHead(raw).headEnd).toString()).toContain("X-Test-Id: far");
  });

  it("reads bare-LF mail the same way", () => {
    const raw = message(3_000, "X-Test-Id: lf", "\n");
    const start = packer.unpackHead(pack(raw), raw.length);
    expect(start.subarray(0, splitHead(raw).headEnd).toString()).toContain("X-Test-Id: lf");
    expect(start.length).toBeLessThan(raw.length);
  });

  it("gives the whole message when there is no empty line (headers only)", () => {
    const raw = Buffer.from(Array.from({ length: 200 }, (_, i) => `X-Line-${i}: ${randomBytes(30).toString("hex")}`).join("\r\n"));
    expect(packer.unpackHead(pack(raw), raw.length).equals(raw)).toBe(true);
  });
});
