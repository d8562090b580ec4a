// Stored messages are compressed (Brotli at quality 0: on 12 KB text mail it
// takes half the CPU of deflate level 1 for nearly the same size) by a worker
// thread, the way Mailpit keeps its messages compressed: text mail shrinks to
// about a quarter, and so does the memory it takes (the --max-bytes bound
// still counts bytes as received). Ingest never waits for it: a message is
// stored and answered as received, handed to the worker in batches, and
// swapped for its compressed form when that comes back. Reads decompress on
// demand, through a small cache.
//
// Compression waits for a pause in the mail: on a machine with few cores the
// worker would otherwise take CPU from the threads taking mail, and from the
// client sending it, in the middle of a burst (measured with 12 KB mail from
// smtp-source: 7-13% more messages a second). Meanwhile the messages wait in
// slabs (raw-slabs.ts) so that their memory goes back to the system once they
// are compressed. A flood that never pauses is compressed as it comes once
// BACKLOG_BYTES are waiting, which bounds what it holds uncompressed.

import { Worker } from "node:worker_threads";
import { brotliDecompressSync } from "node:zlib";
import { ByteLru } from "./byte-lru.js";
import { collectGarbage } from "./collect-garbage.js";
import { RawSlabs, SLAB_BYTES } from "./raw-slabs.js";

/** Smaller messages stay as received: compression saves little on them. */
export const PACK_MIN_BYTES = 2048;
/**
 * Bigger ones too: they are mostly encoded attachments that compression barely
 * shrinks, and each read would inflate megabytes the cache cannot hold.
 */
export const PACK_MAX_BYTES = 4 * 1024 * 1024;
/** Compression starts this long after the last message came in... */
const QUIET_MS = 100;
/** ...or at once when this much is waiting. */
const BACKLOG_BYTES = 256 * 1024 * 1024;
/** Clearing the store collects garbage when the slabs had taken this much since the last collection. */
const CLEARED_COLLECT_BYTES = 4 * 1024 * 1024;
/** Messages per round trip to the worker. */
const BATCH = 256;
/** Batches in the worker at once; more wait here, uncompressed, until one returns. */
const MAX_IN_FLIGHT = 2;
/** A compressed form must save at least this share to replace the original. */
const MIN_SAVING = 0.1;
/** After this many worker failures in a row, messages are simply kept uncompressed. */
const MAX_FAILURES = 3;
/** An idle worker is stopped after this long, so a quiet server does not keep its memory. */
let idleStopMs = 5000;

/** Tests shorten the idle stop to see workers come and go. */
export function setPackerIdleStop(ms: number): void {
  idleStopMs = ms;
}

interface PackJob {
  serial: number;
  bytes: Uint8Array;
}

/**
 * One batch crosses to the worker as one transferred buffer (every message
 * copied in back to back, with their end offsets) and comes back the same
 * way: a clone per message cost the worker more than deflating it. A batch's
 * results share one buffer, which a message's packed bytes are a view of.
 */
interface BatchOut {
  batch: number;
  data: ArrayBuffer;
  ends: Int32Array;
}

interface BatchBack {
  batch: number;
  data: ArrayBuffer;
  /** End offset of each message's compressed bytes in `data`; -1 where compression failed. */
  ends: Int32Array;
}

// Plain CommonJS for an eval'd worker: no file to find at run time, whether
// the server runs bundled (dist) or from its TypeScript sources (tests).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { brotliCompressSync, constants } = require("node:zlib");
// Below the threads that take and answer mail: on Linux a thread's own ID takes a nice value of its own.
try { require("node:os").setPriority(Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop()), 19); } catch {}
parentPort.on("message", ({ batch, data, ends }) => {
  const input = new Uint8Array(data);
  const outs = [];
  let total = 0;
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    let out = null;
    try {
      const bytes = input.subarray(start, ends[i]);
      out = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 0, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
      total += out.length;
    } catch {}
    outs.push(out);
    start = ends[i];
  }
  const packed = new Uint8Array(total);
  const packedEnds = new Int32Array(ends.length);
  let at = 0;
  outs.forEach((out, i) => {
    if (out === null) { packedEnds[i] = -1; return; }
    packed.set(out, at);
    at += out.length;
    packedEnds[i] = at;
  });
  parentPort.postMessage({ batch, data: packed.buffer, ends: packedEnds }, [packed.buffer, packedEnds.buffer]);
});
`;

/** Each job's compressed bytes, in job order; null where compression failed or did not happen. */
type Done = (packed: Array<Uint8Array | null>) => void;

/** One worker for the whole process, shared by every store; started on first use. */
class PackWorker {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { jobs: PackJob[]; done: Done }>();
  private nextBatch = 1;
  private failures = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  get usable(): boolean {
    return this.failures < MAX_FAILURES;
  }

  send(jobs: PackJob[], done: Done): void {
    const worker = this.start();
    if (worker === null) return done(jobs.map(() => null));
    const batch = this.nextBatch++;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.waiting.set(batch, { jobs, done });
    const ends = new Int32Array(jobs.length);
    let total = 0;
    jobs.forEach((j, i) => (ends[i] = total += j.bytes.length));
    const data = new Uint8Array(total);
    jobs.forEach((j, i) => data.set(j.bytes, (ends[i] as number) - j.bytes.length));
    worker.ref(); // a batch in flight keeps the process alive; an idle worker does not
    const out: BatchOut = { batch, data: data.buffer, ends };
    worker.postMessage(out, [data.buffer, ends.buffer]);
  }

  private start(): Worker | null {
    if (this.worker !== null) return this.worker;
    if (!this.usable) return null;
    const worker = new Worker(WORKER_SOURCE, { eval: true, name: "mailscope-packer" });
    worker.on("message", (reply: BatchBack) => {
      const entry = this.waiting.get(reply.batch);
      this.waiting.delete(reply.batch);
      if (this.waiting.size === 0) {
        worker.unref();
        this.idleTimer = setTimeout(() => this.retire(worker), idleStopMs).unref();
      }
      this.failures = 0;
      if (entry === undefined) return;
      let start = 0;
      entry.done(
        entry.jobs.map((_, i) => {
          const end = reply.ends[i] ?? -1;
          if (end < 0) return null;
          const packed = new Uint8Array(reply.data, start, end - start);
          start = end;
          return packed;
        }),
      );
    });
    // A crashed worker loses only compression: its batches come back unpacked, and the next one restarts it.
    const fail = (): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failures++;
      const lost = [...this.waiting.values()];
      this.waiting.clear();
      for (const { jobs, done } of lost) done(jobs.map(() => null));
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Stops an idle worker; the next batch starts a new one. */
  private retire(worker: Worker): void {
    if (this.worker !== worker || this.waiting.size > 0) return;
    this.worker = null; // before terminate, so its exit does not count as a failure
    this.idleTimer = null;
    void worker.terminate();
  }
}

const sharedWorker = new PackWorker();

/** What the store does with a queued message once the worker is done with it (if the message is still there). */
export interface PackSwaps {
  /** Replace the bytes with their compressed form. */
  packed(serial: number, packed: Buffer): void;
  /** Compression did not happen or did not pay: copy the bytes out of their slab into a buffer of their own. */
  kept(serial: number): void;
}

export interface PackerTuning {
  quietMs: number;
  backlogBytes: number;
  slabBytes: number;
  /** Cache of decompressed messages. */
  cacheBytes: number;
}

/** One store's side: its queue, its swaps, and its cache of decompressed messages. */
export class Packer {
  private queue: PackJob[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  private lastAdd = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Set by settled(): pump until the queue is empty, pause or not. */
  private draining = false;
  private readonly slabs: RawSlabs;
  private readonly inflated: ByteLru<number, Buffer>;
  private readonly tuning: PackerTuning;
  private idle: Array<() => void> = [];

  constructor(
    private readonly swap: PackSwaps,
    // The cache is small on purpose: it serves repeated reads of the messages being looked at; bulk
    // readers (indexing, digests) go through it once per message and must not fill memory with copies.
    tuning: Partial<PackerTuning> = {},
  ) {
    this.tuning = { quietMs: QUIET_MS, backlogBytes: BACKLOG_BYTES, slabBytes: SLAB_BYTES, cacheBytes: 4 * 1024 * 1024, ...tuning };
    this.slabs = new RawSlabs(this.tuning.slabBytes);
    this.inflated = new ByteLru(this.tuning.cacheBytes);
  }

  /**
   * Queues a new message's bytes (as received) for compression, if it is
   * worth it. Returns the bytes the message is to hold until then: a copy in
   * a slab when queued, else `received` itself.
   */
  add(serial: number, received: Buffer): Buffer {
    if (received.length < PACK_MIN_BYTES || received.length > PACK_MAX_BYTES || !sharedWorker.usable) return received;
    const bytes = this.slabs.copy(received);
    this.queue.push({ serial, bytes });
    this.queuedBytes += bytes.length;
    this.lastAdd = performance.now();
    if (this.queuedBytes >= this.tuning.backlogBytes) this.pump();
    else this.afterPause(this.tuning.quietMs);
    return bytes;
  }

  /** Pumps once no message has come in for quietMs. */
  private afterPause(delay: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const since = performance.now() - this.lastAdd;
      if (since < this.tuning.quietMs) this.afterPause(this.tuning.quietMs - since);
      else this.pump();
    }, delay);
    this.timer.unref();
  }

  /** Whether the next batch goes now: mail has paused, the backlog is past its bound, or someone waits for settled(). */
  private get mayPump(): boolean {
    return this.draining || this.queuedBytes >= this.tuning.backlogBytes || performance.now() - this.lastAdd >= this.tuning.quietMs;
  }

  /** The bytes of a compressed message (`size` of them), decompressed and cached for the next read. */
  unpack(serial: number, packed: Buffer, size: number): Buffer {
    const cached = this.inflated.get(serial);
    if (cached !== undefined) return cached;
    // One output buffer of the known size: the default 16 KB chunks would mean a second buffer and a copy.
    const bytes = brotliDecompressSync(packed, { chunkSize: Math.max(64, size + 1) });
    this.inflated.set(serial, bytes, bytes.length);
    return bytes;
  }

  forget(serial: number): void {
    this.inflated.delete(serial);
  }

  clear(): void {
    this.queue = [];
    this.queuedBytes = 0;
    this.inflated.clear();
    // A cleared store leaves its slabs as garbage: worth a collection once they held a few MiB.
    if (this.slabs.retire(CLEARED_COLLECT_BYTES)) setImmediate(collectGarbage);
  }

  /** Compresses everything queued now, pause or not; resolves once all of it has been swapped in (for tests and benchmarks). */
  settled(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    this.draining = true;
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    this.pump();
    return done;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const jobs = this.queue.splice(0, BATCH);
      for (const j of jobs) this.queuedBytes -= j.bytes.length;
      this.inFlight++;
      sharedWorker.send(jobs, (results) => this.landed(jobs, results));
    }
  }

  private landed(jobs: PackJob[], results: Array<Uint8Array | null>): void {
    this.inFlight--;
    jobs.forEach(({ serial, bytes }, i) => {
      const packed = results[i] ?? null;
      if (packed === null || packed.length > bytes.length * (1 - MIN_SAVING)) this.swap.kept(serial);
      else this.swap.packed(serial, Buffer.from(packed.buffer, packed.byteOffset, packed.length));
    });
    if (this.mayPump) this.pump();
    else if (this.queue.length > 0) this.afterPause(this.tuning.quietMs);
    if (this.queue.length === 0 && this.inFlight === 0) {
      this.draining = false;
      // Every slab view has been swapped out: after a slab's worth, let the slabs go (off this call, after the swaps).
      if (this.slabs.retire()) setImmediate(collectGarbage);
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }
}
