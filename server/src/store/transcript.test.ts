import type { TranscriptEntry } from "@mailscope/shared";
import { describe, expect, it } from "vitest";
import { Transcript } from "./transcript.js";

function entries(n: number): TranscriptEntry[] {
  const out: TranscriptEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e: TranscriptEntry = { Seq: i, Time: i * 1.375, Direction: i % 3 === 0 ? "client" : i % 3 === 1 ? "server" : "event", Text: `line ${i} é ✓`, Notes: [] };
    if (i % 3 === 2) e.Event = i % 2 === 0 ? "stored" : "close";
    if (i % 7 === 0) e.Notes = [{ Kind: "bare-lf", Text: `note ${i}` }];
    if (i % 5 === 0) Object.assign(e, { MessageID: `m${i}`, Size: i * 100, Lines: i });
    if (i === 4) e.Decoded = "user: alice";
    out.push(e);
  }
  return out;
}

describe("Transcript", () => {
  it("gives back every field of every entry, open and after sealing", () => {
    const input = entries(40); // past the initial room, so it grows
    const t = new Transcript();
    for (const e of input) t.push(e);
    expect(t.length).toBe(40);
    expect(t.toArray()).toEqual(input);
    t.seal();
    expect(t.toArray()).toEqual(input);
  });

  it("takes entries after sealing (an event after the close) without losing earlier ones", () => {
    const input = entries(10);
    const t = new Transcript();
    for (const e of input.slice(0, 6)) t.push(e);
    t.seal();
    for (const e of input.slice(6)) t.push(e);
    t.seal();
    expect(t.toArray()).toEqual(input);
  });

  it("returns the entries of a span by Seq", () => {
    const input = entries(20);
    const t = new Transcript();
    for (const e of input) t.push(e);
    t.seal();
    expect(t.span(4, 12)).toEqual(input.slice(4, 13));
    expect(t.span(30, 40)).toEqual([]);
  });

  it("keeps empty texts and texts that contain what looks like separators", () => {
    const t = new Transcript();
    const texts = ["", "a\nb", "", "\u0000x", "last"];
    texts.forEach((Text, Seq) => t.push({ Seq, Time: Seq, Direction: "client", Text, Notes: [] }));
    t.seal();
    expect(t.toArray().map((e) => e.Text)).toEqual(texts);
  });
});
