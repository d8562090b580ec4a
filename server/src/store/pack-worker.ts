// The packer's thread: one worker for the whole process, shared by every
// store, started on first use and stopped when idle. It compresses batches of
// messages (Brotli at quality 0) and hands back each one's compressed bytes; a
// crashed worker costs only compression.

import { Worker } from "node:worker_threads";

/** After this many worker failures in a row, messages are simply kept uncompressed. */
const MAX_FAILURES = 3;
/** An idle worker is stopped after this long, so a quiet server does not keep its memory. */
let idleStopMs = 5000;

/** Batches sent to the worker since start (tests check that a burst goes in full batches). */
let batchesSent = 0;
export const packerBatchesSent = (): number => batchesSent;

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
export type Done = (packed: Array<Uint8Array | null>) => void;

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
    // Every byte is written just below: a zero-filled array would clear 3 MB a batch on the thread taking mail first.
    const data = Buffer.allocUnsafeSlow(total);
    jobs.forEach((j, i) => data.set(j.bytes, (ends[i] as number) - j.bytes.length));
    batchesSent++;
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

export const sharedWorker = new PackWorker();
