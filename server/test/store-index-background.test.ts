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
