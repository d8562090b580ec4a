// The header summary (and the Bcc list and tags made from it) is read when
// something first asks for it, or once mail has stopped arriving, never on the
// way to the 250 after DATA; tag counts stay exact either way.
import { describe, expect, it, vi } from "vitest";
import * as headerSummary from "../src/store/header-summary.js";
import { MessageRecord } from "../src/store/message-record.js";
import { Packer } from "../src/store/packer.js";
import type { MemoryStore } from "../src/store/memory-store.js";
import { newStore, put, sendRaw } from "./store-helpers.js";
import { sleep, startTestServer } from "./harness.js";

// A header block the summary reader throws on (none is known: this stands in for one).
vi.mock("../src/store/header-summary.js", async (importOriginal) => {
  const original = await importOriginal<typeof headerSummary>();
  return {
    ...original,
    summarizeHeaders: (raw: Buffer) => {
      if (raw.includes("X-Unreadable")) throw new Error("unreadable header block");
      return original.summarizeHeaders(raw);
    },
  };
});

const summarized = (store: MemoryStore, id: string): boolean => store.getMessage(id)?.summarized ?? false;

describe("the header summary, read on first need", () => {
  it("is not read when a message arrives over SMTP, and is there, complete, when the API lists it", async () => {
    const t = await startTestServer();
    try {
      const text = "From: Ana <ana@example.test>\r\nTo: qa+release@example.test\r\nSubject: Order shipped\r\nX-Tags: orders\r\n\r\nHello\r\n";
      await sendRaw(t.smtpPort, Buffer.from(text), "app@example.test", ["qa+release@example.test", "hidden@example.test"]);
      const [m] = t.store.listMessages(0, 1).items;
      expect(m?.summarized).toBe(false);
      const list = await t.getJson<{ tags: string[]; messages: Array<{ Subject: string; From: { Address: string }; Bcc: Array<{ Address: string }>; Tags: string[] }> }>("/api/v1/messages");
      expect(list.messages[0]?.Subject).toBe("Order shipped");
      expect(list.messages[0]?.From.Address).toBe("ana@example.test");
      expect(list.messages[0]?.Bcc.map((a) => a.Address)).toEqual(["hidden@example.test"]);
      expect(list.messages[0]?.Tags).toEqual(["orders", "release"]);
      expect(list.tags).toEqual(["orders", "release"]);
      expect(m?.summarized).toBe(true);
    } finally {
      await t.close();
    }
  });

  it("waits while mail keeps arriving, and is read for every message once it stops", async () => {
    const store = newStore();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(put(store, `Subject: m${i}\r\nX-Tags: t${i % 3}\r\n\r\nbody\r\n`));
      await sleep(40);
    }
    expect(ids.filter((id) => summarized(store, id))).toEqual([]);
    await sleep(600);
    expect(ids.filter((id) => !summarized(store, id))).toEqual([]);
    expect(store.tagTotals()).toEqual({ t0: 4, t1: 4, t2: 4 });
  });

  it("keeps tag counts exact when messages go, or are retagged, before their summary is read", () => {
    const store = newStore();
    const a = put(store, "Subject: a\r\nX-Tags: alpha\r\n\r\nbody\r\n");
    const b = put(store, "Subject: b\r\nX-Tags: alpha, beta\r\n\r\nbody\r\n");
    const c = put(store, "Subject: c\r\nX-Tags: gamma\r\n\r\nbody\r\n");
    store.deleteMessages([a]); // never read: its tags were never counted
    store.setTags([c], ["manual"]); // the header's tag is counted, then replaced
    expect(summarized(store, b)).toBe(false);
    expect(store.tagTotals()).toEqual({ alpha: 1, beta: 1, manual: 1 });
    store.deleteMessages([b]); // read by now: its tags leave the counts
    expect(store.allTags()).toEqual(["manual"]);
    expect(store.renameTag("manual", "checked")).toBe(true);
    expect(store.tagTotals()).toEqual({ checked: 1 });
  });

  it("is read, without inflating anything, after the bytes as received have given way to the compressed copy", async () => {
    const store = newStore();
    const body = "A line of text that compresses well enough. ".repeat(200);
    const id = put(store, `From: Bo <bo@example.test>\r\nTo: team+ops@example.test\r\nSubject: Packed first\r\n\r\n${body}\r\n`);
    const record = store.getMessage(id) as MessageRecord;
    // Small messages (never compressed) keep mail arriving, so the quiet-time read waits.
    for (let i = 0; i < 100 && !record.compressed; i++) {
      put(store, `Subject: filler ${i}\r\n\r\nx\r\n`);
      await sleep(20);
    }
    expect(record.compressed).toBe(true);
    expect(record.summarized).toBe(false);
    // The header block was kept aside when the bytes were swapped: nothing is inflated to read it.
    const inflations = [vi.spyOn(Packer.prototype, "unpackHead"), vi.spyOn(Packer.prototype, "unpack")];
    try {
      expect(record.summary.subject).toBe("Packed first");
      expect(record.summary.from).toEqual({ name: "Bo", address: "bo@example.test" });
      expect(record.tags).toEqual(["ops"]);
      expect(inflations.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
    } finally {
      for (const spy of inflations) spy.mockRestore();
    }
    expect(record.heldBytes).toBeLessThan(body.length / 2); // and once read, the copy goes
    expect(store.search("subject:packed", 0, 10).total).toBe(1);
    expect(store.search("header:To=team+ops@example.test", 0, 10).total).toBe(1); // from the compressed copy
  });

  it("of a header block it cannot read is empty: the message is still listed and searchable", async () => {
    const store = newStore();
    const id = put(store, "Subject: fine\r\nX-Unreadable: yes\r\n\r\nbody\r\n");
    put(store, "Subject: neighbour\r\n\r\nbody\r\n");
    expect(store.getMessage(id)?.summary.subject).toBe("");
    expect(store.listMessages(0, 10).total).toBe(2);
    expect(store.search("subject:neighbour", 0, 10).total).toBe(1);
    expect(store.search("header:X-Unreadable=yes", 0, 10).items.map((m) => m.id)).toEqual([id]);
    await store.settled();
  });
});
