import { describe, expect, it } from "vitest";
import { DataDecoder } from "./data-decoder.js";

interface Case {
  name: string;
  input: string;
  /** The message as stored, or null when the data must not end. */
  message: string | null;
  /** Bytes left after the terminator (the next pipelined command). */
  rest?: string;
  bareLf?: number;
  bareCr?: number;
  lines?: number;
}

const cases: Case[] = [
  { name: "plain", input: "Subject: x\r\n\r\nhello\r\n.\r\n", message: "Subject: x\r\n\r\nhello\r\n", lines: 3 },
  { name: "empty message", input: ".\r\n", message: "", lines: 0 },
  { name: "leading dots removed", input: "..one\r\n...two\r\n.\r\n", message: ".one\r\n..two\r\n", lines: 2 },
  { name: "dot inside a line kept", input: "a.b\r\n a.\r\n.\r\n", message: "a.b\r\n a.\r\n" },
  { name: "pipelined command after the dot", input: "x\r\n.\r\nQUIT\r\n", message: "x\r\n", rest: "QUIT\r\n" },
  { name: "bare LF dot LF does not end", input: "a\n.\nb\r\n.\r\n", message: "a\n.\nb\r\n", bareLf: 2 },
  { name: "CRLF dot LF does not end (smuggling)", input: "a\r\n.\nMAIL FROM:<x@y.z>\r\n.\r\n", message: "a\r\n\nMAIL FROM:<x@y.z>\r\n", bareLf: 1 },
  { name: "LF dot CRLF does not end (smuggling)", input: "a\n.\r\nb\r\n.\r\n", message: "a\n.\r\nb\r\n", bareLf: 1 },
  { name: "bare CR dot CR does not end", input: "a\r.\rb\r\n.\r\n", message: "a\r.\rb\r\n", bareCr: 2 },
  { name: "CRLF dot CR x keeps the CR", input: "a\r\n.\rx\r\n.\r\n", message: "a\r\n\rx\r\n", bareCr: 1 },
  { name: "CR CR LF", input: "a\r\r\n.\r\n", message: "a\r\r\n", bareCr: 1 },
  { name: "dot dot CRLF is a line with one dot", input: "..\r\n.\r\n", message: ".\r\n" },
  { name: "no terminator yet", input: "a\r\nb\r\n", message: null },
  { name: "dot without CRLF at end", input: "a\r\n.", message: null },
  { name: "binary bytes kept", input: "\x00\xff\x80\r\n.\r\n", message: "\x00\xff\x80\r\n" },
];

/** Feeds the input split into the given pieces; returns the message and what was left. */
function run(pieces: Buffer[]): { d: DataDecoder; rest: Buffer } {
  const d = new DataDecoder(1 << 20);
  let rest = Buffer.alloc(0);
  for (const piece of pieces) {
    if (d.done) {
      rest = Buffer.concat([rest, piece]);
      continue;
    }
    const used = d.feed(piece);
    if (d.done) rest = Buffer.concat([rest, piece.subarray(used)]);
    else expect(used).toBe(piece.length);
  }
  return { d, rest };
}

describe("DataDecoder", () => {
  for (const c of cases) {
    it(`${c.name}: same result at every split point`, () => {
      const bytes = Buffer.from(c.input, "latin1");
      const splits: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
      for (let i = 1; i < bytes.length; i++) splits.push([bytes.subarray(0, i), bytes.subarray(i)]);
      for (let i = 1; i < bytes.length; i++) for (let j = i + 1; j < bytes.length; j++) splits.push([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
      for (const pieces of splits) {
        const { d, rest } = run(pieces);
        if (c.message === null) {
          expect(d.done).toBe(false);
          continue;
        }
        expect(d.done).toBe(true);
        expect(d.message()?.toString("latin1")).toBe(c.message);
        expect(rest.toString("latin1")).toBe(c.rest ?? "");
        if (c.bareLf !== undefined) expect(d.stats.bareLf).toBe(c.bareLf);
        if (c.bareCr !== undefined) expect(d.stats.bareCr).toBe(c.bareCr);
        if (c.lines !== undefined) expect(d.stats.lines).toBe(c.lines);
      }
    });
  }

  it("counts past the limit, keeps nothing, and still finds the end", () => {
    const d = new DataDecoder(10);
    const used = d.feed(Buffer.from("0123456789abcdef\r\n.\r\nNOOP\r\n"));
    expect(d.done).toBe(true);
    expect(used).toBe(21);
    expect(d.stats.overLimit).toBe(true);
    expect(d.stats.size).toBe(18);
    expect(d.message()).toBeNull();
  });

  it("notes 8-bit bytes, NULs and lines over 998 characters", () => {
    const d = new DataDecoder(1 << 20);
    d.feed(Buffer.from(`${"x".repeat(1200)}\r\nä\x00\r\n.\r\n`, "utf8"));
    expect(d.stats).toMatchObject({ eightBit: true, nul: 1, longLines: 1, longestLine: 1200, lines: 2 });
  });

  it("handles a 5 MB message fed in socket-sized chunks", () => {
    const line = `${"y".repeat(76)}\r\n`;
    const body = Buffer.from(line.repeat(65536));
    const input = Buffer.concat([body, Buffer.from(".\r\n")]);
    const d = new DataDecoder(10 << 20);
    for (let i = 0; i < input.length; i += 65536) d.feed(input.subarray(i, i + 65536));
    expect(d.done).toBe(true);
    expect(d.message()?.equals(body)).toBe(true);
    expect(d.stats.lines).toBe(65536);
  });

  it("decodes alike with and without the native line scan, on random input split at random", () => {
    // A seeded generator: the same inputs every run.
    let seed = 12345;
    const rand = (k: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    const atoms = ["abc", "Subject: x", " ", ".", "..", "\r\n", "\r\n.", "\n", "\r", "\n.", "\r\n.\r", "xyz".repeat(40)];
    const decode = (pieces: Buffer[], nativeScan: boolean): string => {
      const d = new DataDecoder(1 << 20, nativeScan);
      let rest = Buffer.alloc(0);
      for (const piece of pieces) {
        if (d.done) rest = Buffer.concat([rest, piece]);
        else {
          const used = d.feed(piece);
          if (d.done) rest = Buffer.concat([rest, piece.subarray(used)]);
        }
      }
      return JSON.stringify({ done: d.done, message: d.done ? d.message()?.toString("latin1") : null, rest: rest.toString("latin1"), stats: d.stats });
    };
    let nativeUsed = 0;
    for (let t = 0; t < 400; t++) {
      let text = "";
      while (text.length < 200 + rand(3000)) text += atoms[rand(atoms.length)];
      if (rand(10) === 0) text += rand(2) === 0 ? "\x00" : "\xe9"; // some chunks are not plain
      text += "\r\n.\r\nQUIT\r\n";
      const bytes = Buffer.from(text, "latin1");
      const cuts = Array.from({ length: rand(5) }, () => rand(bytes.length)).sort((a, b) => a - b);
      const pieces = [0, ...cuts, bytes.length].slice(1).map((end, k, ends) => bytes.subarray(k === 0 ? 0 : (ends[k - 1] as number), end));
      if (pieces.some((p) => p.length > 64)) nativeUsed++;
      expect(decode(pieces, true)).toBe(decode(pieces, false));
    }
    expect(nativeUsed).toBeGreaterThan(300); // the native path really ran
  });
});
