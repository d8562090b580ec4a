// Stored messages are compressed (Brotli at quality 0: on 12 KB text mail it
// takes half the CPU of deflate level 1 for nearly the same size) by the
// packer's worker thread (pack-worker.ts) shortly after they arrive, the way
// Mailpit keeps its messages compressed: text mail shrinks to about a quarter,
// and so does the memory it takes (the --max-bytes bound still counts bytes as
// received). Ingest never waits for it: a message is stored and answered as
// received, handed to the worker in batches, and swapped for its compressed
// form when that comes back. Reads decompress on demand, through a small cache.

import { brotliDecompressSync, constants } from "node:zlib";
import { splitHead } from "./header-summary.js";
import { ByteLru } from "./byte-lru.js";
import { collectGarbage, collectYoungGeneration } from "./collect-garbage.js";
import { sharedWorker, type PackJob } from "./pack-worker.js";
import { QuietTimer } from "./quiet-timer.js";

/** Smaller messages stay as received: compression saves little on them. */
export const PACK_MIN_BYTES = 2048;
/**
 * Bigger ones too: they are mostly encoded attachments that compression barely
 * shrinks, and each read would inflate megabytes the cache cannot hold.
 */
export const PACK_MAX_BYTES = 4 * 1024 * 1024;
/** Messages per round trip to the worker. */
const BATCH = 256;
/**
 * A batch that is not full goes this long after its first message came in.
 * Sending whatever was queued at each turn of the event loop meant batches of
 * a few messages in a burst: about 4,000 round trips for 20,000 messages, each
 * a postMessage, a wake-up of the worker and a results event on the thread
 * taking mail (10 µs a message in its profile).
 */
const BATCH_WAIT_MS = 50;
/** A full garbage collection follows a burst that compressed, or a deletion that let go of, at least this much (collect-garbage.ts)... */
const COLLECT_AFTER_BYTES = 32 * 1024 * 1024;
/** ...once no mail has come in for this long. */
const COLLECT_QUIET_MS = 1000;
/** ...and a second one after this much more quiet (see shrinkYoungGeneration). */
const SHRINK_YOUNG_QUIET_MS = 6000;
/** Batches in the worker at once; more wait here, uncompressed, until one returns. */
const MAX_IN_FLIGHT = 2;
/** A compressed form must save at least this share to replace the original. */
const MIN_SAVING = 0.1;
/** Compressed bytes read first for a header block: about 1.7 KB of text at Brotli's quality 0. */
const HEAD_PREFIX = 1024;

/** One store's side: its queue, its swaps, and its cache of decompressed messages. */
export class Packer {
  private queue: PackJob[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Set by settled(): send what is queued without waiting for full batches. */
  private draining = false;
  /** Bytes of mail compressed (their uncompressed copies now garbage) or let go of since the last collection. */
  private freedSinceCollect = 0;
  /**
   * After a burst has been compressed, and once no mail has come for a
   * second, one full collection (compacting while the heap is modest, see
   * collect-garbage.ts) lets go of what the burst left behind (V8 starts none
   * while the process is quiet). Never during a burst: a full collection
   * stops the thread taking mail.
   */
  private readonly collectAfterBurst = new QuietTimer(
    COLLECT_QUIET_MS,
    () => this.lastMail(),
    () => {
      this.freedSinceCollect = 0;
      sharedWorker.releaseBuffers(); // the collection just below gives their memory back
      if (collectGarbage()) this.shrinkYoungGeneration.arm();
    },
  );
  /**
   * V8 gives back its young generation (grown to 32 MB in a burst) only at a
   * collection that sees little allocated over the last five seconds, so the
   * first one, a second after the burst, keeps it. A young-generation
   * collection once mail has been quiet for longer does: 307 -> 276 MB
   * resident after 20,000 12 KB messages.
   */
  private readonly shrinkYoungGeneration = new QuietTimer(SHRINK_YOUNG_QUIET_MS, () => this.lastMail(), () => collectYoungGeneration());
  private readonly inflated: ByteLru<number, Buffer>;
  private idle: Array<() => void> = [];

  constructor(
    /** Called with each message's compressed form, for the store to swap in if the message is still there. */
    private readonly onPacked: (serial: number, packed: Buffer) => void,
    /** performance.now() of the latest mail, packed or not (the store's): collections wait for quiet. */
    private readonly lastMail: () => number = () => 0,
    // Small on purpose: it serves repeated reads of the messages being looked at; bulk readers
    // (indexing, digests) go through it once per message and must not fill memory with copies.
    cacheBytes = 4 * 1024 * 1024,
  ) {
    this.inflated = new ByteLru(cacheBytes);
  }

  /** Queues a new message's bytes (as received) for compression, if it is worth it. */
  add(serial: number, bytes: Buffer): void {
    if (bytes.length < PACK_MIN_BYTES || bytes.length > PACK_MAX_BYTES || !sharedWorker.usable) return;
    this.queue.push({ serial, bytes });
    if (this.queue.length >= BATCH) this.pump(false);
    else this.sendPartialSoon();
  }

  /** Sends a batch that is not full once BATCH_WAIT_MS have passed (one timer for the queue, not one per message). */
  private sendPartialSoon(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump(true);
      if (this.queue.length > 0) this.sendPartialSoon(); // both batch slots were busy: try again
    }, BATCH_WAIT_MS);
    this.timer.unref();
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

  /** The decompressed bytes of a message, if a recent read left them in the cache. */
  cached(serial: number): Buffer | undefined {
    return this.inflated.get(serial);
  }

  /**
   * The start of a compressed message, at least its whole header block: header:
   * searches read every message's headers, and inflating whole messages took
   * three times as long and pushed everything else out of the cache. The
   * compressed bytes are read a prefix at a time (Brotli flushes what a prefix
   * holds), twice as much each round, until the empty line that ends the
   * headers has come out. Not cached: a search would flood the cache.
   */
  unpackHead(packed: Buffer, size: number): Buffer {
    for (let take = Math.min(HEAD_PREFIX, packed.length); ; take = Math.min(take * 2, packed.length)) {
      if (take === packed.length) return brotliDecompressSync(packed, { chunkSize: Math.max(64, size + 1) });
      const start = brotliDecompressSync(packed.subarray(0, take), { finishFlush: constants.BROTLI_OPERATION_FLUSH });
      const { headEnd, bodyStart } = splitHead(start);
      if (bodyStart > headEnd) return start; // the empty line was found (without it, both are the end)
    }
  }

  forget(serial: number): void {
    this.inflated.delete(serial);
  }

  clear(): void {
    this.queue = [];
    this.inflated.clear();
  }

  /**
   * The store let go of this many bytes of mail (deleted, cleared): V8 would
   * keep the memory until mail comes again, so a big enough release earns the
   * same collections as a burst, once quiet.
   */
  released(bytes: number): void {
    this.freedSinceCollect += bytes;
    this.collectWhenDue();
  }

  /** Arms the collection after a burst once enough has been freed since the last one. */
  private collectWhenDue(): void {
    if (this.freedSinceCollect >= COLLECT_AFTER_BYTES) this.collectAfterBurst.arm();
  }

  /** Resolves once everything queued so far has been compressed and swapped in (for tests and benchmarks). */
  settled(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    this.draining = true;
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    this.pump(true);
    return done;
  }

  /** Sends full batches while the worker has room; a partial one too when `partial`. */
  private pump(partial: boolean): void {
    while ((this.queue.length >= BATCH || (partial && this.queue.length > 0)) && this.inFlight < MAX_IN_FLIGHT) {
      const jobs = this.queue.splice(0, BATCH);
      this.inFlight++;
      sharedWorker.send(jobs, (results) => this.landed(jobs, results));
    }
  }

  private landed(jobs: PackJob[], results: Array<Uint8Array | null>): void {
    this.inFlight--;
    jobs.forEach(({ serial, bytes }, i) => {
      this.freedSinceCollect += bytes.length;
      const packed = results[i] ?? null;
      if (packed === null || packed.length > bytes.length * (1 - MIN_SAVING)) return;
      this.onPacked(serial, Buffer.from(packed.buffer, packed.byteOffset, packed.length));
    });
    this.pump(this.draining);
    if (this.queue.length > 0) this.sendPartialSoon();
    if (this.queue.length === 0 && this.inFlight === 0) {
      this.draining = false;
      this.collectWhenDue();
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }
}
