// The packer's thread: one worker for the whole process, shared by every
// store, started on first use and stopped when idle. It compresses batches of
// messages (Brotli at quality 0) and hands back each one's compressed bytes; a
// crashed worker costs only compression. It runs at the lowest priority the
// system offers, so compression never delays the thread taking mail.

import { Worker } from "node:worker_threads";

/** After this many worker failures in a row, messages are simply kept uncompressed. */
const MAX_FAILURES = 3;
/** An idle worker is stopped after this long, so a quiet server does not keep its memory. */
let idleStopMs = 5000;
/**
 * Batch buffers come back from the worker and are used again: a fresh one
 * for every batch meant a page fault on the thread taking mail for every
 * 4 KB copied in (5 µs a 12 KB message in its profile). New ones get at least
 * this much room, so that a full batch of ordinary mail fits in any of them.
 */
const BATCH_BUFFER_BYTES = 4 * 1024 * 1024;
/** Bigger batches (of big messages) get a buffer of their own that is not kept. */
const MAX_KEPT_BUFFER_BYTES = 16 * 1024 * 1024;
/** Spare batch buffers kept: one for each batch the packer has in flight at once (its MAX_IN_FLIGHT). */
const MAX_SPARE_BUFFERS = 2;

/** Batches sent to the worker since start (tests check that a burst goes in full batches). */
let batchesSent = 0;
export const packerBatchesSent = (): number => batchesSent;
/** Batch buffers allocated since start (tests check that they are used again). */
let buffersAllocated = 0;
export const packerBuffersAllocated = (): number => buffersAllocated;

/** Tests shorten the idle stop to see workers come and go. */
export function setPackerIdleStop(ms: number): void {
  idleStopMs = ms;
}

export interface PackJob {
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
  /** The messages back to back up to the last end; the rest is spare room. */
  data: ArrayBuffer;
  ends: Int32Array;
}

interface BatchBack {
  batch: number;
  data: ArrayBuffer;
  /** End offset of each message's compressed bytes in `data`; -1 where compression failed. */
  ends: Int32Array;
  /** The batch's input buffer, handed back to be filled again. */
  input: ArrayBuffer;
}

// Plain CommonJS for an eval'd worker: no file to find at run time, whether
// the server runs bundled (dist) or from its TypeScript sources (tests).
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { brotliCompressSync, constants } = require("node:zlib");
// Below the threads that take and answer mail. On Linux a thread's own ID takes a priority of its own.
// Nice 19 alone still let this thread hold a CPU while the thread taking mail waited for it (the
// scheduler lets a running thread finish its slice); SCHED_IDLE runs it only on CPU time nothing else
// wants. Node cannot set that policy itself; chrt (util-linux, or BusyBox) can, for a thread of ours,
// without privileges. Where chrt or /proc is missing, the thread keeps nice 19 or its priority.
// While every CPU is busy, batches wait here uncompressed: --max-bytes counts bytes as received, so the
// store's bound holds either way, and compression catches up once there is time.
try {
  const tid = require("node:fs").readlinkSync("/proc/thread-self").split("/").pop();
  require("node:os").setPriority(Number(tid), 19);
  require("node:child_process").execFile("chrt", ["-i", "-p", "0", tid], { timeout: 10000 }, () => {});
} catch {}
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
  // Every byte is written below, so not zero-filled first.
  const packed = Buffer.allocUnsafeSlow(total);
  const packedEnds = new Int32Array(ends.length);
  let at = 0;
  outs.forEach((out, i) => {
    if (out === null) { packedEnds[i] = -1; return; }
    packed.set(out, at);
    at += out.length;
    packedEnds[i] = at;
  });
  parentPort.postMessage({ batch, data: packed.buffer, ends: packedEnds, input: data }, [packed.buffer, packedEnds.buffer, data]);
});
`;

/** Each job's compressed bytes, in job order; null where compression failed or did not happen. */
export type Done = (packed: Array<Uint8Array | null>) => void;

/** One worker for the whole process, shared by every store; started on first use. */
class PackWorker {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { jobs: PackJob[]; done: Done }>();
  private nextBatch = 1;
  private failures = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Batch buffers back from the worker, ready to be filled again (at most one per batch in flight). */
  private spare: ArrayBuffer[] = [];

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
    const buffer = this.bufferFor(total);
    const data = new Uint8Array(buffer, 0, total);
    jobs.forEach((j, i) => data.set(j.bytes, (ends[i] as number) - j.bytes.length));
    batchesSent++;
    worker.ref(); // a batch in flight keeps the process alive; an idle worker does not
    const out: BatchOut = { batch, data: buffer, ends };
    worker.postMessage(out, [buffer, ends.buffer]);
  }

  /** A spare batch buffer with room for `bytes`, or a new one (not zero-filled: every byte used is written). */
  private bufferFor(bytes: number): ArrayBuffer {
    const at = this.spare.findIndex((b) => b.byteLength >= bytes);
    if (at >= 0) return this.spare.splice(at, 1)[0] as ArrayBuffer;
    buffersAllocated++;
    return Buffer.allocUnsafeSlow(Math.max(bytes, BATCH_BUFFER_BYTES)).buffer;
  }

  /** Lets go of the spare batch buffers: a burst is over (the next one allocates again). */
  releaseBuffers(): void {
    this.spare = [];
  }

  private keepSpare(buffer: ArrayBuffer): void {
    if (buffer.byteLength <= MAX_KEPT_BUFFER_BYTES && this.spare.length < MAX_SPARE_BUFFERS) this.spare.push(buffer);
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
      this.keepSpare(reply.input);
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
    this.releaseBuffers(); // a quiet server keeps no batch buffers either
    void worker.terminate();
  }
}

export const sharedWorker = new PackWorker();
