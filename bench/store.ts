// Store benchmarks, in process against server/src/store (no SMTP: ingest
// speed is smtp-throughput.ts's job). Run with `pnpm bench:store`, which
// starts Node with --expose-gc.
//
// 1. Memory: 20,000 12 KB text+HTML messages delivered, then a forced GC:
//    the process's RSS and its growth over the empty store, against raw bytes.
// 2. Search over 100,000 such messages: the first page of the list, a subject:
//    filter, free-text words (the first builds the body index), and more.

import { MemoryStore } from "../server/src/store/memory-store.js";
import { Rng, makeMessage, vocabulary } from "./lib/mail-corpus.js";
import { median, table, writeJson } from "./lib/report.js";

const MB = 1024 * 1024;
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const MEMORY_MESSAGES = env("BENCH_MEMORY_MESSAGES", 20_000);
const SEARCH_MESSAGES = env("BENCH_SEARCH_MESSAGES", 100_000);

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error("run with node --expose-gc (pnpm bench:store does)");
  collect();
  collect();
}

/**
 * Delivers `count` messages, yielding to the event loop every 100 as a server
 * does between socket reads (the packer's worker compresses behind ingest),
 * then waits until every message is held in its final form.
 */
async function fill(store: MemoryStore, count: number, seed: number): Promise<number> {
  const rng = new Rng(seed);
  const words = vocabulary(5000, rng);
  let raw = 0;
  for (let i = 0; i < count; i++) {
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    const message = makeMessage(i, words, rng);
    raw += message.length;
    store.deliver({
      sessionId: "bench",
      envelope: { mailFrom: { address: `shop${i % 50}@bench.test`, params: {} }, rcptTo: [{ address: `customer${i}@bench.test`, params: {} }], helo: "bench", authUser: "", tls: false, clientAddress: "127.0.0.1" },
      raw: message,
      receivedAt: new Date(),
      span: { First: 0, Last: 0 },
    });
  }
  await store.settled();
  return raw;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function memory(): Promise<Record<string, number>> {
  gc();
  const before = process.memoryUsage().rss;
  let store: MemoryStore | null = new MemoryStore({ maxMessages: 1e9, maxSessions: 1e9, maxBytes: Infinity });
  const raw = await fill(store, MEMORY_MESSAGES, 1);
  gc();
  const after = process.memoryUsage();
  const listed = time(() => store?.listMessages(0, MEMORY_MESSAGES).items.forEach((m) => store?.digest(m)));
  gc();
  const afterDigests = process.memoryUsage().rss;
  store.search("ref7x3", 0, 50);
  gc();
  const afterIndex = process.memoryUsage().rss;
  const result = {
    messages: MEMORY_MESSAGES,
    rawMB: raw / MB,
    rssBeforeMB: before / MB,
    rssMB: after.rss / MB,
    heapUsedMB: after.heapUsed / MB,
    externalMB: after.external / MB,
    ratioRss: after.rss / raw,
    ratioGrowth: (after.rss - before) / raw,
    digestAllMs: listed.ms,
    ratioRssWithDigests: afterDigests / raw,
    ratioRssWithIndex: afterIndex / raw,
  };
  store = null;
  return result;
}

async function searchBench(): Promise<Record<string, number>> {
  const store = new MemoryStore({ maxMessages: 1e9, maxSessions: 1e9, maxBytes: Infinity });
  const built = await timeAsync(() => fill(store, SEARCH_MESSAGES, 2));
  const ids = store.listMessages(0, SEARCH_MESSAGES).items;
  store.setRead(ids.filter((_, i) => i % 3 === 0).map((m) => m.id), true);
  // The median of 5 runs (a single one can take a collection of the 2 GB heap); "cold" and "first" run once.
  const q = (query: string, runs = 5): number => median(Array.from({ length: runs }, () => time(() => store.search(query, 0, 50)).ms));
  const firstPage = time(() => store.listMessages(0, 50).items.map((m) => store.digest(m))).ms;
  const results: Record<string, number> = { messages: SEARCH_MESSAGES, fillMs: built.ms, listFirstPageMs: firstPage };
  results["subject:order 10042 (cold)"] = q("subject:10042", 1);
  results["subject:order 10042"] = q("subject:10042");
  results["subject:<word>"] = q("subject:kalo");
  results["free text, first (builds index)"] = q("ref99999x2", 1);
  results["free text: rare word"] = q("ref54321x1");
  results["free text: common word"] = q("kalo");
  results["free text: two words"] = q("kalo mine");
  results['phrase "ref123x1."'] = q('"ref123x1."');
  results["from: + -is:read"] = q("from:shop7 -is:read");
  results["larger:12k"] = q("larger:12k");
  results["has:attachment (first: reads every body)"] = q("has:attachment", 1);
  results["has:attachment"] = q("has:attachment");
  results["header:Message-ID=m4242@"] = q("header:Message-ID=m4242@");
  results["header:X-Missing"] = q("header:X-Missing");
  return results;
}

const mem = await memory();
console.log(`\nMemory: ${mem["messages"]} messages of 12 KB, ${mem["rawMB"]?.toFixed(1)} MB raw, after a forced GC`);
console.log(table(["figure", "value"], Object.entries(mem).map(([k, v]) => [k, v.toFixed(k.startsWith("ratio") ? 2 : 1)])));
gc();
const search = await searchBench();
console.log(`\nSearch over ${search["messages"]} messages (ms, newest first, first page of 50, every match counted)`);
console.log(table(["query", "ms"], Object.entries(search).map(([k, v]) => [k, v.toFixed(1)])));
await writeJson(new URL("./results/store.json", import.meta.url).pathname, { memory: mem, search });
