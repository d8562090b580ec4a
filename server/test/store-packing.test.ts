// Stored messages compressed by the packer's worker: every read gives back
// the bytes exactly as received, whatever the form they are held in, and
// everything that reads bodies (parse, digest, search, the API) still works.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { garbageCollections } from "../src/store/collect-garbage.js";
import { MessageRecord } from "../src/store/message-record.js";
import { packerBatchesSent, packerBuffersAllocated, setPackerIdleStop } from "../src/store/pack-worker.js";
import { PACK_MAX_BYTES, PACK_MIN_BYTES, Packer } from "../src/store/packer.js";
import { sleep, startTestServer, type TestServer } from "./harness.js";
import { fixture, newStore, put, sendRaw } from "./store-helpers.js";

/** A text+HTML message of about `size` bytes, with a word only it contains. */
function letter(word: string, size: number): Buffer {
  const para = `Dear customer, your order ${word} is on its way. Grüße aus Köln, naïve café. `;
  const text = para.repeat(Math.ceil(size / 2 / para.length));
  return Buffer.from(
    [
      "From: Shop <shop@example.test>",
      "To: you@example.test",
      `Subject: Order ${word}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      text,
      "--b",
      "Content-Type: text/html; charset=utf-8",
      "",
      `<p>${text}</p>`,
      "--b--",
      "",
    ].join("\r\n"),
  );
}

const record = (m: unknown): MessageRecord => {
  if (!(m instanceof MessageRecord)) throw new Error("not a MessageRecord");
  return m;
};

describe("packed messages (store)", () => {
  it("gives back the exact bytes once compressed, and parses, digests and searches them", async () => {
    const store = newStore();
    const raw = letter("ZX81", 12_000);
    const id = put(store, raw);
    const m = record(store.getMessage(id));
    expect(m.compressed).toBe(false); // as received until the worker answers
    await store.settled();
    expect(m.compressed).toBe(true);
    expect(m.heldBytes).toBeLessThan(raw.length / 2);
    expect(m.size).toBe(raw.length);
    expect(m.raw.equals(raw)).toBe(true);
    expect(store.digest(m).snippet).toContain("your order ZX81");
    const view = await store.parsed(id);
    expect(view?.text).toContain("Grüße aus Köln");
    expect(store.search("zx81", 0, 10).items.map((x) => x.id)).toEqual([id]);
    expect(store.search("subject:zx81", 0, 10).total).toBe(1);
    expect(store.search("larger:11k", 0, 10).total).toBe(1);
  });

  it("leaves small, huge and incompressible messages as received", async () => {
    const store = newStore({ maxBytes: Infinity });
    const small = put(store, letter("tiny", 100));
    const huge = put(store, letter("huge", PACK_MAX_BYTES + 1000));
    const noise = Buffer.concat([Buffer.from("Subject: noise\r\n\r\n"), Buffer.from(Array.from({ length: 8000 }, (_, i) => (i * 7919 + ((i * i) >> 3)) & 0xff))]);
    const random = put(store, noise);
    await store.settled();
    expect(record(store.getMessage(small)).size).toBeLessThan(PACK_MIN_BYTES);
    expect(record(store.getMessage(small)).compressed).toBe(false);
    expect(record(store.getMessage(huge)).compressed).toBe(false);
    expect(record(store.getMessage(random)).raw.equals(noise)).toBe(true);
  });

  it("keeps every fixture byte for byte through packing", async () => {
    const store = newStore();
    const names = ["alternative.eml", "attachment-names.eml", "base64-body.eml", "broken-boundary.eml", "shift_jis.eml", "koi8-r.eml", "nested-rfc822.eml", "long-lines.eml"];
    const ids = names.map((n) => put(store, fixture(n)));
    await store.settled();
    names.forEach((n, i) => expect(store.getMessage(ids[i] as string)?.raw.equals(fixture(n)), n).toBe(true));
  });

  it("drops the results for messages deleted or cleared while their batch was away", async () => {
    const store = newStore();
    const ids = Array.from({ length: 100 }, (_, i) => put(store, letter(`w${i}`, 4000)));
    store.deleteMessages(ids.slice(0, 50));
    await store.settled();
    expect(store.messageCount).toBe(50);
    for (const id of ids.slice(50)) expect(record(store.getMessage(id)).compressed).toBe(true);
    const more = Array.from({ length: 10 }, (_, i) => put(store, letter(`v${i}`, 4000)));
    store.clearMessages();
    await store.settled();
    expect(store.messageCount).toBe(0);
    expect(more.every((id) => store.getMessage(id) === undefined)).toBe(true);
  });
});

describe("header: searches over packed messages", () => {
  it("read only the header blocks, folded and decoded, and leave the cache of whole messages alone", async () => {
    const store = newStore();
    const received = (n: number): string => `Received: from relay${n}.test (relay${n}.test [192.0.2.${n}]) by mx.test with ESMTPS id ${n.toString(36).repeat(8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      // A long header block (past the first compressed bytes read) and the wanted field at its end, folded.
      const headers = [
        ...Array.from({ length: 60 }, (_, n) => received(n * 40 + i)),
        `Subject: Order ${i}`,
        ...(i % 4 === 0 ? [`X-Campaign: =?UTF-8?B?${Buffer.from(`Grüße Nummer ${i}`).toString("base64")}?=`, " spring"] : []),
      ];
      ids.push(put(store, Buffer.concat([Buffer.from(`${headers.join("\r\n")}\r\n`), letter(`w${i}`, 12_000)])));
    }
    await store.settled();
    const records = ids.map((id) => record(store.getMessage(id)));
    expect(records.every((m) => m.compressed)).toBe(true);
    const found = await store.searchWhenReady("header:x-campaign", 0, 100);
    expect(found.total).toBe(10);
    // Encoded words decoded, case folded, the folded continuation joined.
    expect((await store.searchWhenReady(`header:"X-Campaign=grüsse nummer 8 spring"`, 0, 10)).items.map((m) => m.id)).toEqual([ids[8]]);
    expect((await store.searchWhenReady("header:Received=relay9999.test", 0, 10)).total).toBe(0); // no message has relay9999
    expect((await store.searchWhenReady("header:Received=relay83.test", 0, 10)).items.map((m) => m.id)).toEqual([ids[3]]);
    // Only header blocks were inflated, none whole (that would also push the messages being read out of the cache).
    const whole = vi.spyOn(Packer.prototype, "unpack");
    const heads = vi.spyOn(Packer.prototype, "unpackHead");
    try {
      expect((await store.searchWhenReady(`header:"subject=order 39"`, 0, 10)).total).toBe(1);
      expect(heads).toHaveBeenCalledTimes(40);
      expect(whole).not.toHaveBeenCalled();
    } finally {
      whole.mockRestore();
      heads.mockRestore();
    }
  });
});

describe("batches to the packer's worker", () => {
  it("go full in a burst, not a few messages at each turn of the event loop", async () => {
    const store = newStore();
    const before = packerBatchesSent();
    for (let i = 0; i < 300; i++) {
      put(store, letter(`burst${i}`, 4000));
      await new Promise((resolve) => setImmediate(resolve)); // a socket read between messages, as in a server
    }
    await store.settled();
    expect(packerBatchesSent() - before).toBeLessThanOrEqual(3); // 256, then the rest (at most split once)
    expect(store.search("subject:burst299", 0, 1).items[0]?.raw.equals(letter("burst299", 4000))).toBe(true);
  });

  it("reuse the buffers that come back from the worker, and every message still reads back as sent", async () => {
    const store = newStore();
    const before = packerBuffersAllocated();
    const sent = new Map<string, Buffer>();
    for (let round = 0; round < 6; round++) {
      // Each round smaller than the last: a reused buffer holds the end of a bigger batch after the new one.
      for (let i = 0; i < 40 - round * 5; i++) {
        const bytes = letter(`reuse${round}x${i}`, 9000 - round * 1000);
        sent.set(put(store, bytes), bytes);
      }
      await store.settled();
    }
    expect(packerBuffersAllocated() - before).toBeLessThanOrEqual(2);
    for (const [id, bytes] of sent) {
      expect(record(store.getMessage(id)).compressed).toBe(true);
      expect(store.getMessage(id)?.raw.equals(bytes)).toBe(true);
    }
  });

  it("go when not full after a short wait, without anyone asking", async () => {
    const store = newStore();
    const id = put(store, letter("alone", 4000));
    const deadline = Date.now() + 3000;
    while (!record(store.getMessage(id)).compressed && Date.now() < deadline) await sleep(10);
    expect(record(store.getMessage(id)).compressed).toBe(true);
  });
});

describe("after a burst", () => {
  it("collects garbage when no mail has come for a second, again after six more, and never while mail keeps coming", async () => {
    // Vitest's workers run without --expose-gc, as users run the server: the collector is found anyway.
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
    const store = newStore({ maxBytes: Infinity });
    const before = garbageCollections();
    const body = letter("burst", 12_000);
    for (let i = 0; i < 3000; i++) {
      put(store, body); // 36 MB: over the 32 MiB a collection waits for
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    }
    await store.settled();
    for (let i = 0; i < 3; i++) {
      await sleep(500); // mail still coming, every half second
      put(store, letter(`late${i}`, 4000));
    }
    expect(garbageCollections()).toBe(before);
    await sleep(1500);
    expect(garbageCollections()).toBe(before + 1);
    await sleep(3000);
    const buffers = packerBuffersAllocated();
    put(store, letter("later", 4000)); // mail again: the second collection waits for six quiet seconds from here
    await store.settled();
    // The batch buffers were let go of at that collection (the worker itself is still up): this batch needs a new one.
    expect(packerBuffersAllocated()).toBe(buffers + 1);
    await sleep(4000);
    expect(garbageCollections()).toBe(before + 1);
    await sleep(2500);
    expect(garbageCollections()).toBe(before + 2);
  }, 30_000);
});

describe("after a big deletion", () => {
  it("collects garbage once quiet, as after a burst; a small one does not", async () => {
    // Messages under the size worth packing: no burst collection of their own.
    const small = `Subject: small\r\n\r\n${"x".repeat(1800)}\r\n`;
    const store = newStore({ maxBytes: Infinity });
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) ids.push(put(store, small)); // 36 MB
    const before = garbageCollections();
    store.deleteMessages(ids.slice(0, 100)); // 180 KB: nothing worth a collection
    await sleep(1500);
    expect(garbageCollections()).toBe(before);
    store.clearMessages();
    await sleep(1500);
    expect(garbageCollections()).toBe(before + 1);
  }, 20_000);
});

/** Scheduling policy of a thread of this process (field 41 of its stat; 5 is SCHED_IDLE). */
function policyOf(tid: string): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    // After the command name in parentheses (which may hold spaces) the fields go on from field 3.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[41 - 3]);
  } catch {
    return null; // the thread ended meanwhile
  }
}

const SCHED_IDLE = 5;
const idleThreads = (): string[] => readdirSync("/proc/self/task").filter((tid) => policyOf(tid) === SCHED_IDLE);
const hasChrt = process.platform === "linux" && spawnSync("chrt", ["-p", String(process.pid)]).status === 0;

describe("the packer's worker", () => {
  it.runIf(hasChrt)("compresses at SCHED_IDLE, only on CPU time the thread taking mail leaves", async () => {
    const store = newStore();
    const id = put(store, letter("idle", 6000));
    await store.settled();
    expect(record(store.getMessage(id)).compressed).toBe(true);
    // The worker lowers itself through chrt, which it starts and does not wait for.
    const deadline = Date.now() + 5000;
    while (idleThreads().length === 0 && Date.now() < deadline) await sleep(20);
    expect(idleThreads()).toHaveLength(1);
    const self = readlinkSync("/proc/thread-self").split("/").pop() ?? "";
    expect(policyOf(self)).toBe(0); // this thread, which stores mail, keeps the normal policy
  });

  it("stops when idle and starts again for the next mail, any number of times", async () => {
    setPackerIdleStop(30);
    try {
      const store = newStore();
      for (let round = 0; round < 5; round++) {
        const id = put(store, letter(`r${round}`, 6000));
        await store.settled();
        expect(record(store.getMessage(id)).compressed, `round ${round}`).toBe(true);
        await sleep(120); // the worker is stopped meanwhile
      }
    } finally {
      setPackerIdleStop(5000);
    }
  });
});

describe("packed messages (server)", () => {
  let t: TestServer;
  afterEach(async () => t.close());

  it("serves the headers, the raw source, the parsed message and MailHog's shape from the compressed copy", async () => {
    t = await startTestServer();
    const raw = letter("Q7", 20_000);
    const id = await sendRaw(t.smtpPort, raw);
    await t.store.settled();
    expect(record(t.store.getMessage(id)).compressed).toBe(true);
    // Before anything reads the whole message: the headers come from the start of the compressed copy.
    const headers = await t.getJson<Record<string, string[]>>(`/api/v1/message/${id}/headers`);
    expect(headers["Subject"]).toEqual(["Order Q7"]);
    expect(headers["Content-Type"]).toEqual(['multipart/alternative; boundary="b"']);
    const source = Buffer.from(await (await fetch(`${t.httpUrl}/api/v1/message/${id}/raw`)).arrayBuffer());
    expect(source.equals(raw)).toBe(true);
    const message = (await t.getJson<{ Text: string; Subject: string }>(`/api/v1/message/${id}`)) as { Text: string; Subject: string };
    expect(message.Subject).toBe("Order Q7");
    expect(message.Text).toContain("naïve café");
    const hog = await t.getJson<{ items: Array<{ Raw: { Data: string } }> }>("/api/v2/messages");
    const data = hog.items[0]?.Raw.Data ?? "";
    // MailHog's Data is the message without its final line break.
    expect(data.length).toBeGreaterThan(raw.toString("utf8").length - 3);
    expect(raw.toString("utf8").startsWith(data)).toBe(true);
  });
});
