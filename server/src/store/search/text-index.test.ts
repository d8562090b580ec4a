// The free-text index on its own: substring matches across frozen vocabulary
// chunks and the live tail, rare and repeated tokens, multi-token terms.

import { describe, expect, it } from "vitest";
import { TextIndex } from "./text-index.js";

describe("TextIndex", () => {
  it("finds substrings of tokens in frozen chunks and in the tail, and ANDs the tokens of a term", () => {
    // 70,000 unique tokens in chunks of 4,096: many frozen chunks and a tail, and the
    // words every document shares recur in each chunk under a new entry.
    const index = new TextIndex(4096);
    const docs = Array.from({ length: 700 }, (_, d) => ({
      serial: d + 1,
      text: () => `${Array.from({ length: 100 }, (_, k) => `tok${d}q${k}`).join(" ")} shared ${d % 2 === 0 ? "even" : "odd"}`,
    }));
    index.update(docs);
    const hits = (term: string): number[] => {
      const set = index.candidates(term);
      return docs.map((d) => d.serial).filter((s) => set.has(s));
    };
    expect(index.vocabulary).toBeGreaterThan(70_003); // "shared", "even" and "odd" again in each chunk
    expect(index.vocabulary).toBeLessThan(70_003 + 3 * 20);
    expect(hits("tok3q7")).toEqual([4]); // early: in the first frozen chunk (also matches tok3q70..79 of the same doc)
    expect(hits("tok699q99")).toEqual([700]); // last: in the tail
    expect(hits("q99")).toHaveLength(700);
    expect(hits("q9")).toHaveLength(700); // under three characters: no trigram filter, every block read
    expect(hits("9q5")).toHaveLength(70); // tok9q5.., tok19q5.., ..., tok699q5..: across many blocks
    expect(hits("shared")).toHaveLength(700);
    expect(hits("even tok10q")).toEqual([11]);
    expect(hits("odd tok10q")).toEqual([]);
    expect(hits("nothing")).toEqual([]);
    index.update([{ serial: 701, text: () => "late arrival" }, { serial: 5, text: () => "ignored: already covered" }]);
    expect(hits("ignored")).toEqual([]);
    expect(index.candidates("arrival").has(701)).toBe(true);
  });

  it("keeps serials far apart and close together (varint gaps) exactly", () => {
    const index = new TextIndex(16);
    const serials = [1, 2, 130, 131, 20_000, 20_001, 3_000_000, 3_000_128];
    index.update(serials.map((serial) => ({ serial, text: () => `common u${serial}` })));
    const set = index.candidates("common");
    const all = Array.from({ length: 3_000_200 }, (_, i) => i + 1);
    expect(all.filter((s) => set.has(s))).toEqual(serials);
  });

  it("lists a message once for a token it repeats", () => {
    // Default chunks: a repeat after a chunk freezes mid-document would get a new entry, as any later word does.
    const once = new TextIndex();
    const repeated = new TextIndex();
    for (let serial = 1; serial <= 300; serial++) {
      once.update([{ serial, text: () => `alpha beta u${serial}` }]);
      repeated.update([{ serial, text: () => `alpha beta alpha u${serial} beta alpha u${serial}` }]);
    }
    // Each repeat listed again would add a byte (a gap of 0) to the postings.
    expect(repeated.estimatedBytes).toBe(once.estimatedBytes);
    const set = repeated.candidates("alpha");
    expect(Array.from({ length: 302 }, (_, i) => i).filter((s) => set.has(s))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
