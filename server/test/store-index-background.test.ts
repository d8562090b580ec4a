// The free-text index is built while mail is not arriving, so a first search
// over a big mailbox finds it ready; while mail keeps arriving it waits.
import { describe, expect, it } from "vitest";
import { sleep } from "./harness.js";
import { newStore, put } from "./store-helpers.js";

describe("background indexing", () => {
  it("waits for a quiet moment, then indexes everything without a search", async () => {
    const store = newStore();
    for (let i = 0; i < 300; i++) {
      put(store, `Subject: m${i}\r\n\r\nword${i} common\r\n`);
      if (i % 100 === 0) await sleep(20); // a steady trickle: no quiet moment yet
    }
    expect(store.indexedMessages).toBe(0);
    await sleep(800);
    expect(store.indexedMessages).toBe(300);
    expect(store.search("word299", 0, 10).total).toBe(1);
  });
});

describe("the free-text index budget", () => {
  it("stops growing at its budget and still finds newer messages by reading them", async () => {
    const { Searcher } = await import("../src/store/search/searcher.js");
    const store = newStore();
    for (let i = 0; i < 200; i++) put(store, `Subject: m${i}\r\n\r\nunique${i} shared words here\r\n`);
    const all = store.listMessages(0, 1000).items;
    const searcher = new Searcher({ newestFirst: () => all[Symbol.iterator](), digest: (m) => store.digest(m), size: all.length }, 2000);
    expect(searcher.indexFor(Number.POSITIVE_INFINITY)).toBe(false);
    expect(searcher.indexed).toBeGreaterThan(0);
    expect(searcher.indexed).toBeLessThan(200); // the budget cut it short
    // The newest messages are past the index, the oldest inside it: both are found.
    expect(searcher.search("unique199", 0, 10).total).toBe(1);
    expect(searcher.search("unique0", 0, 10).total).toBe(1);
    expect(searcher.search("shared", 0, 500).total).toBe(200);
  });
});
