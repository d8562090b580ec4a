// Bounds and events: --max, --max-bytes, --max-age and --max-sessions prune
// the oldest first with one event each time; every other change emits exactly
// one event; the parse cache stays within its byte budget.

import { describe, expect, it } from "vitest";
import { parseCommand, parseDuration } from "../src/config.js";
import { ByteLru } from "../src/store/byte-lru.js";
import type { StoreEvent } from "../src/store/types.js";
import { newStore, put } from "./store-helpers.js";

function recorded(store: ReturnType<typeof newStore>): StoreEvent[] {
  const events: StoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  return events;
}

const msg = (i: number, pad = 0): string => `From: a@example.test\nSubject: m${i}\n\n${"x".repeat(pad)}`;

describe("message bounds", () => {
  it("--max: past the count the oldest go, one prune event each time, the newest stay, the count is kept", () => {
    const store = newStore({ maxMessages: 3 });
    const events = recorded(store);
    const ids = Array.from({ length: 5 }, (_, i) => put(store, msg(i)));
    expect(store.listMessages(0, 10).items.map((m) => m.id)).toEqual([ids[4], ids[3], ids[2]]);
    const prunes = events.filter((e) => e.type === "messages-pruned");
    expect(prunes).toEqual([
      { type: "messages-pruned", ids: [ids[0]], reason: "count" },
      { type: "messages-pruned", ids: [ids[1]], reason: "count" },
    ]);
    expect(store.prunedMessages).toBe(2);
    expect(events.map((e) => e.type)).toEqual(["message-created", "message-created", "message-created", "message-created", "messages-pruned", "message-created", "messages-pruned"]);
  });

  it("--max-bytes: raw bytes bound the store; one big message can push out several; the newest always stays", () => {
    const store = newStore({ maxBytes: 1000 });
    const events = recorded(store);
    const small = Array.from({ length: 4 }, (_, i) => put(store, msg(i, 150)));
    expect(store.messageBytes).toBeLessThanOrEqual(1000);
    const big = put(store, msg(9, 700));
    expect(store.listMessages(0, 10).items.map((m) => m.id)).toEqual([big, small[3]]);
    expect(events.at(-1)).toEqual({ type: "messages-pruned", ids: small.slice(0, 3), reason: "bytes" });
    const huge = put(store, msg(10, 5000));
    expect(store.listMessages(0, 10).items.map((m) => m.id)).toEqual([huge]);
    expect(store.messageBytes).toBe(store.getMessage(huge)?.raw.length);
    expect(store.prunedMessages).toBe(5);
  });

  it("--max-age: sweepExpired drops what is older than the age, with one event", () => {
    const store = newStore({ maxAgeMs: 60 * 60 * 1000 });
    const now = new Date("2024-03-10T12:00:00Z");
    const old = put(store, msg(1), { receivedAt: new Date("2024-03-10T10:00:00Z") });
    const older = put(store, msg(0), { receivedAt: new Date("2024-03-10T09:00:00Z") });
    const fresh = put(store, msg(2), { receivedAt: new Date("2024-03-10T11:30:00Z") });
    const events = recorded(store);
    expect(store.sweepExpired(now)).toEqual([old, older]);
    expect(events).toEqual([{ type: "messages-pruned", ids: [old, older], reason: "age" }]);
    expect(store.listMessages(0, 10).items.map((m) => m.id)).toEqual([fresh]);
    expect(store.sweepExpired(now)).toEqual([]);
    expect(events).toHaveLength(1);
    expect(newStore().sweepExpired(new Date(8.64e15))).toEqual([]);
  });

  it("unread and byte totals follow deletes, read flags and pruning", () => {
    const store = newStore({ maxMessages: 2 });
    const [a, b] = [put(store, msg(1)), put(store, msg(2))];
    store.setRead([a, b], true);
    expect(store.unreadCount).toBe(0);
    const c = put(store, msg(3));
    expect(store.unreadCount).toBe(1);
    store.deleteMessages([c]);
    expect(store.unreadCount).toBe(0);
    expect(store.messageBytes).toBe(store.getMessage(b)?.raw.length);
  });
});

describe("one event per change", () => {
  it("read flags, deletes and clearing each emit exactly one event; no-ops emit none", () => {
    const store = newStore();
    const ids = [put(store, msg(1)), put(store, msg(2))];
    const events = recorded(store);
    store.setRead(ids, true);
    store.setRead(ids, true);
    store.deleteMessages(["nope"]);
    store.deleteMessages([ids[0] as string, "nope"]);
    store.clearMessages();
    expect(events.map((e) => e.type)).toEqual(["messages-updated", "messages-deleted", "messages-cleared"]);
    expect(events[1]).toEqual({ type: "messages-deleted", ids: [ids[0]] });
    expect(events[2]).toEqual({ type: "messages-cleared", count: 1 });
  });

  it("IDs are URL-safe and never reused, even after deletes", () => {
    const store = newStore({ maxMessages: 5 });
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = put(store, msg(i));
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      if (i % 7 === 0) store.deleteMessages([id]);
    }
  });
});

describe("session bounds", () => {
  const open = (store: ReturnType<typeof newStore>, id: string): void =>
    store.opened({ id, startedAt: new Date(), clientAddress: "127.0.0.1", clientPort: 1, serverAddress: "127.0.0.1", serverPort: 2 });
  const close = (store: ReturnType<typeof newStore>, id: string): void => store.closed(id, { endedAt: new Date(), reason: "quit", error: "" });

  it("--max-sessions: the oldest closed sessions go with an event; open ones are never dropped", () => {
    const store = newStore({ maxSessions: 2 });
    const events = recorded(store);
    open(store, "s1");
    open(store, "s2");
    close(store, "s2");
    open(store, "s3"); // s1 is still open: s2 goes
    expect(events.filter((e) => e.type === "sessions-pruned")).toEqual([{ type: "sessions-pruned", ids: ["s2"] }]);
    open(store, "s4"); // over by one, and only s1 and s3 (open) are left to choose from
    expect(store.listSessions(0, 10).items.map((s) => s.id)).toEqual(["s4", "s3", "s1"]);
    close(store, "s1"); // closing makes room: s1 goes now
    expect(store.listSessions(0, 10).items.map((s) => s.id)).toEqual(["s4", "s3"]);
    expect(store.prunedSessions).toBe(2);
  });
});

describe("parse cache", () => {
  it("evicts the least recently used by bytes and skips what is bigger than the budget", () => {
    const lru = new ByteLru<string, string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    lru.get("a");
    lru.set("c", "C", 40);
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["A", undefined, "C"]);
    lru.set("huge", "H", 101);
    expect(lru.get("huge")).toBeUndefined();
    expect(lru.bytes).toBe(80);
  });

  it("the store caches parses within its budget and shares one parse between concurrent asks", async () => {
    const store = newStore({ parseCacheBytes: 64 * 1024 });
    const ids = Array.from({ length: 10 }, (_, i) => put(store, msg(i, 20_000)));
    const [one, two] = await Promise.all([store.parsed(ids[0] as string), store.parsed(ids[0] as string)]);
    expect(one).toBe(two);
    for (const id of ids) await store.parsed(id);
    expect(store.parsedCacheBytes).toBeGreaterThan(0);
    expect(store.parsedCacheBytes).toBeLessThanOrEqual(64 * 1024);
    expect(await store.parsed("missing")).toBeUndefined();
  });
});

describe("flags", () => {
  it("--max-bytes and --max-age read sizes and durations, with clear errors", () => {
    const run = (argv: string[]) => {
      const parsed = parseCommand(argv, {}, null);
      if (parsed.action !== "run") throw new Error("not run");
      return parsed.config;
    };
    expect(run([])).toMatchObject({ maxBytes: 768 * 1024 ** 2, maxAgeMs: 0, maxMessages: 100_000 });
    expect(run(["--max-bytes", "2GiB", "--max-age", "7d"])).toMatchObject({ maxBytes: 2 * 1024 ** 3, maxAgeMs: 7 * 86_400_000 });
    expect(parseCommand([], { MAILSCOPE_MAX_AGE: "1h30m" }, null)).toMatchObject({ config: { maxAgeMs: 5_400_000 } });
    expect(parseDuration("90s", "max-age")).toBe(90_000);
    expect(() => parseDuration("7 days", "max-age")).toThrow(/--max-age: expected a duration/);
    expect(() => run(["--max-bytes", "lots"])).toThrow(/--max-bytes/);
  });
});
