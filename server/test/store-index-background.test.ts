// The free-text index is built while mail is not arriving, so a search over a
// big mailbox finds it ready; while mail keeps arriving it waits. It is built
// only once someone wants it: a browser on the feed, or a free-text search.
import { describe, expect, it, vi } from "vitest";
import { MessageRecord } from "../src/store/message-record.js";
import WebSocket from "ws";
import { sleep, startTestServer, type TestServer } from "./harness.js";
import { newStore, put, sendRaw } from "./store-helpers.js";

interface SearchAnswer {
  messages_count: number;
  messages: Array<{ Subject: string }>;
}

/**
 * Starts `query` through the API and, once `progress()` shows the search has
 * begun its slow part, asks /api/v1/info: a search that holds up the server
 * answers first, one that works in slices lets info through. Checks that info
 * came first, with the work (out of `total`) unfinished; returns the answer.
 */
async function searchLettingInfoThrough(t: TestServer, query: string, progress: () => number, total: number): Promise<SearchAnswer> {
  const order: string[] = [];
  const search = fetch(`${t.httpUrl}/api/v1/search?query=${encodeURIComponent(query)}&limit=1`).then(async (r) => {
    order.push("search");
    return (await r.json()) as SearchAnswer;
  });
  while (progress() === 0) await sleep(1);
  const info = await fetch(`${t.httpUrl}/api/v1/info`);
  order.push("info");
  expect(progress()).toBeLessThan(total);
  expect(info.status).toBe(200);
  const found = await search;
  expect(order).toEqual(["info", "search"]);
  return found;
}

describe("background indexing", () => {
  it("builds nothing while nobody has searched free text or watched the feed", async () => {
    const store = newStore();
    for (let i = 0; i < 50; i++) put(store, `Subject: m${i}\r\n\r\nword${i}\r\n`);
    expect(store.search("subject:m7", 0, 10).total).toBe(1); // not free text: no index needed
    await sleep(600);
    expect(store.indexedMessages).toBe(0);
  });

  it("after a free-text search, indexes later mail in the background", async () => {
    const store = newStore();
    put(store, "Subject: first\r\n\r\nhello\r\n");
    expect(store.search("hello", 0, 10).total).toBe(1); // builds the index for what is there
    expect(store.indexedMessages).toBe(1);
    for (let i = 0; i < 20; i++) put(store, `Subject: m${i}\r\n\r\nlater${i}\r\n`);
    await sleep(600);
    expect(store.indexedMessages).toBe(21);
  });

  it("once wanted (a browser on the feed), waits for a quiet moment, then indexes everything without a search", async () => {
    const store = newStore();
    store.wantIndex();
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

describe("background indexing in the server", () => {
  it("starts when a browser connects to the feed", async () => {
    const t = await startTestServer();
    try {
      await sendRaw(t.smtpPort, Buffer.from("Subject: before\r\n\r\nbefore the browser\r\n"));
      await sleep(400);
      expect(t.store.indexedMessages).toBe(0);
      const ws = new WebSocket(`${t.httpUrl.replace("http", "ws")}/api/events`, { origin: t.httpUrl });
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      await sleep(600);
      expect(t.store.indexedMessages).toBe(1);
      ws.close();
    } finally {
      await t.close();
    }
  });
});

describe("a free-text search over a big unindexed mailbox", () => {
  it("builds the index in slices: the server answers other requests meanwhile, and the search is exact", async () => {
    const t = await startTestServer();
    try {
      // Enough varied text that indexing it takes a good fraction of a second on any machine.
      let seed = 7;
      const word = (): string => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return `w${(seed % 200_000).toString(36)}`;
      };
      const total = 2500;
      for (let i = 0; i < total; i++) {
        const words = Array.from({ length: 300 }, word).join(" ");
        put(t.store, `Subject: m${i}\r\n\r\n${words}${i === 1234 ? " needleword" : ""}\r\n`);
      }
      expect(t.store.indexedMessages).toBe(0);
      const found = await searchLettingInfoThrough(t, "needleword", () => t.store.indexedMessages, total);
      expect(found.messages_count).toBe(1);
      expect(found.messages[0]?.Subject).toBe("m1234");
      expect(t.store.indexedMessages).toBe(total);
    } finally {
      await t.close();
    }
  }, 30_000);
});

describe("a has: search over a big mailbox nobody has read", () => {
  it("reads the bodies in slices: the server answers other requests meanwhile, and the count is exact", async () => {
    const t = await startTestServer();
    try {
      const total = 3000;
      const attachment = Buffer.alloc(3000, 7).toString("base64").replace(/.{76}/g, "$&\r\n");
      for (let i = 0; i < total; i++) {
        const withFile = i % 3 === 0;
        put(
          t.store,
          [
            `Subject: m${i}`,
            "MIME-Version: 1.0",
            'Content-Type: multipart/mixed; boundary="b"',
            "",
            "--b",
            "Content-Type: text/plain",
            "",
            `body ${i}`,
            ...(withFile ? ["--b", "Content-Type: application/octet-stream", 'Content-Disposition: attachment; filename="f.bin"', "Content-Transfer-Encoding: base64", "", attachment] : []),
            "--b--",
            "",
          ].join("\r\n"),
        );
      }
      const digested = (): number => t.store.listMessages(0, total).items.filter((m) => m.digest !== null).length;
      expect(digested()).toBe(0);
      const found = await searchLettingInfoThrough(t, "has:attachment", digested, total);
      expect(found.messages_count).toBe(total / 3);
    } finally {
      await t.close();
    }
  }, 30_000);
});

/** A test server holding `total` messages, packed, with reads of their header blocks counted; closed after `run`. */
async function withHeaderReads(total: number, message: (i: number) => string, run: (t: TestServer, ids: string[], headReads: () => number) => Promise<void>): Promise<void> {
  const t = await startTestServer();
  const heads = vi.spyOn(MessageRecord.prototype, "head", "get");
  try {
    const ids = Array.from({ length: total }, (_, i) => put(t.store, message(i)));
    await t.store.settled();
    heads.mockClear(); // settling read each message's header summary: count only what the search reads
    await run(t, ids, () => heads.mock.calls.length);
  } finally {
    heads.mockRestore();
    await t.close();
  }
}

describe("a header: search over a big mailbox", () => {
  it("reads the messages in slices: the server answers other requests meanwhile, and the count is exact", async () => {
    const total = 8000;
    const relays = Array.from({ length: 20 }, (_, n) => `Received: from relay${n}.example.test by mx.example.test with ESMTP id q${n}`).join("\r\n");
    const message = (i: number): string => {
      const mark = i % 8 === 0 ? `\r\nX-Run: batch-${i % 16 === 0 ? "a" : "b"}` : "";
      return `${relays}\r\nSubject: m${i}${mark}\r\n\r\n${"Some body text, a line of it. ".repeat(60)}\r\n`;
    };
    await withHeaderReads(total, message, async (t, _, headReads) => {
      const found = await searchLettingInfoThrough(t, "header:X-Run=batch-a", headReads, total);
      expect(found.messages_count).toBe(total / 16);
    });
  }, 30_000);

  it("answers when messages are deleted, cleared and delivered between its slices", async () => {
    const total = 8000;
    const message = (i: number): string => `Subject: m${i}\r\nX-Run: r${i % 2}\r\n\r\n${"Body text of some length. ".repeat(100)}\r\n`;
    await withHeaderReads(total, message, async (t, ids, headReads) => {
      const search = fetch(`${t.httpUrl}/api/v1/search?query=${encodeURIComponent("header:X-Run=r1")}&limit=5`);
      while (headReads() === 0) await sleep(1);
      t.store.deleteMessages(ids.slice(0, 100)); // among those not read yet
      put(t.store, "Subject: newcomer\r\nX-Run: r1\r\n\r\nhello\r\n"); // newer than the search: not in it
      const reads = headReads();
      t.store.clearMessages();
      const res = await search;
      expect(res.status).toBe(200);
      const body = (await res.json()) as { messages_count: number; messages: Array<{ Subject: string }> };
      expect(reads).toBeLessThan(total); // the changes came while it was still reading
      expect(body.messages_count).toBeLessThan(total / 2 + 1);
      expect(body.messages.map((m) => m.Subject)).not.toContain("newcomer");
      // Still serving, and what the mailbox holds now is what the API says.
      expect((await t.getJson<{ total: number }>("/api/v1/messages")).total).toBe(0);
    });
  }, 30_000);
});

describe("the free-text index budget", () => {
  it("stops growing at its budget and still finds newer messages by reading them", async () => {
    const { Searcher } = await import("../src/store/search/searcher.js");
    const store = newStore();
    for (let i = 0; i < 200; i++) put(store, `Subject: m${i}\r\n\r\nunique${i} shared words here\r\n`);
    const all = store.listMessages(0, 1000).items;
    const oldestFirst = [...all].reverse();
    const searcher = new Searcher(
      { newestFirst: () => all[Symbol.iterator](), after: (serial) => oldestFirst.filter((m) => m.serial > serial), digest: (m) => store.digest(m), size: all.length },
      2000,
    );
    expect(searcher.indexFor(Number.POSITIVE_INFINITY)).toBe(false);
    expect(searcher.indexed).toBeGreaterThan(0);
    expect(searcher.indexed).toBeLessThan(200); // the budget cut it short
    // The newest messages are past the index, the oldest inside it: both are found.
    expect(searcher.search("unique199", 0, 10).total).toBe(1);
    expect(searcher.search("unique0", 0, 10).total).toBe(1);
    expect(searcher.search("shared", 0, 500).total).toBe(200);
  });
});
