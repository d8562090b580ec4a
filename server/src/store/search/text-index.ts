// The free-text index: folded token -> the serials of the messages holding
// it. Built on the first free-text search, then brought up to date at each
// search (new messages only), so ingest never pays for it. A word matches
// every token that contains it (Mailpit's free text is a substring match),
// found by scanning the vocabulary, which is far smaller than the text.

import { fold, tokens } from "./fold.js";

/**
 * A token's serials, ascending, as varint-coded gaps: a word found in one
 * message of ten costs about a byte per message, where a Uint32Array took four.
 */
class Postings {
  bytes = new Uint8Array(8);
  length = 0;
  last = 0;

  /** Appends `serial` (greater than the last); returns the bytes the buffer grew by. */
  push(serial: number): number {
    let gap = serial - this.last;
    this.last = serial;
    let grew = 0;
    if (this.length + 5 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      grew = this.bytes.length;
      this.bytes = bigger;
    }
    while (gap >= 0x80) {
      this.bytes[this.length++] = (gap & 0x7f) | 0x80;
      gap = Math.floor(gap / 128);
    }
    this.bytes[this.length++] = gap;
    return grew;
  }

  forEach(fn: (serial: number) => void): void {
    let serial = 0;
    let gap = 0;
    let shift = 1;
    for (let i = 0; i < this.length; i++) {
      const b = this.bytes[i] as number;
      gap += (b & 0x7f) * shift;
      if (b < 0x80) {
        serial += gap;
        fn(serial);
        gap = 0;
        shift = 1;
      } else shift *= 128;
    }
  }
}

/** The set of serials a term matched, as a bitmap over the serials the index covers. */
export class SerialSet {
  constructor(
    private readonly first: number,
    readonly bits: Uint8Array,
  ) {}

  has(serial: number): boolean {
    return this.bits[serial - this.first] === 1;
  }
}

/**
 * Tokens per frozen vocabulary chunk: one string each, searched with indexOf
 * instead of a loop over keys. Freezing also forgets the chunk's token map: a
 * word seen again later gets a new entry in a newer chunk (substring search
 * finds and marks both), so the map never holds more than one chunk, and a
 * token seen once (order numbers, IDs: most of a large vocabulary) costs only
 * its characters and a few bytes.
 */
const CHUNK = 524_288;
/** Estimated bytes of a new token beyond its characters: its start offset, its list slot, map room while in the tail. */
const TOKEN_BYTES = 4 + 8 + 4;
/** Estimated bytes of a Postings object and its first buffer. */
const POSTINGS_BYTES = 120;

/** A copy that does not pin the whole document a token was split from (V8 slices long substrings). */
const own = (token: string): string => (token.length < 13 ? token : (token + " ").slice(0, -1));

export class TextIndex {
  /** `chunkSize`: tokens per frozen chunk (smaller only in tests). */
  constructor(private readonly chunkSize = CHUNK) {}

  /** Token -> ID, for the tokens of the tail only (see CHUNK). */
  private ids = new Map<string, number>();
  /** Per token ID: the one serial holding it (most tokens are rare), or the list. */
  private lists: Array<number | Postings> = [];
  /** Frozen vocabulary: tokens joined by "\n", the offset of each, the ID of the first. */
  private chunks: Array<{ text: string; starts: Int32Array; firstId: number }> = [];
  private tail: string[] = [];
  private firstSerial = 0;
  /** Highest serial indexed so far. */
  private lastSerial = 0;
  private indexed = 0;
  /** A rough count of the bytes the index holds: postings, vocabulary and map entries. */
  private bytes = 0;

  /** Indexes messages newer than the last indexed one; `documents` yields them oldest first. */
  update(documents: Iterable<{ serial: number; text: () => string }>): void {
    for (const doc of documents) {
      if (doc.serial <= this.lastSerial) continue;
      if (this.indexed === 0) this.firstSerial = doc.serial;
      for (const token of new Set(tokens(fold(doc.text())))) this.add(token, doc.serial);
      this.lastSerial = doc.serial;
      this.indexed++;
    }
  }

  private add(token: string, serial: number): void {
    const id = this.ids.get(token);
    if (id === undefined) {
      this.bytes += token.length + TOKEN_BYTES;
      const kept = own(token);
      this.ids.set(kept, this.lists.length);
      this.lists.push(serial);
      this.tail.push(kept);
      if (this.tail.length === this.chunkSize) this.freeze();
      return;
    }
    const list = this.lists[id] as number | Postings;
    this.bytes += 1; // a gap of under 128 messages: one byte
    if (typeof list !== "number") {
      this.bytes += list.push(serial);
      return;
    }
    const postings = new Postings();
    postings.push(list);
    postings.push(serial);
    this.bytes += POSTINGS_BYTES;
    this.lists[id] = postings;
  }

  private freeze(): void {
    const starts = new Int32Array(this.tail.length);
    let at = 0;
    this.tail.forEach((t, i) => {
      starts[i] = at;
      at += t.length + 1;
    });
    this.chunks.push({ text: this.tail.join("\n"), starts, firstId: this.lists.length - this.tail.length });
    this.tail = [];
    this.ids = new Map();
  }

  /** Messages indexed, deleted ones included, so the owner can tell when a rebuild would pay. */
  get size(): number {
    return this.indexed;
  }

  /** Roughly the memory the index holds, for its budget. */
  get estimatedBytes(): number {
    return this.bytes;
  }

  /** Token entries (a word that recurs across chunks counts once per chunk). */
  get vocabulary(): number {
    return this.lists.length;
  }

  covers(serial: number): boolean {
    return serial <= this.lastSerial;
  }

  reset(): void {
    this.ids = new Map();
    this.lists = [];
    this.chunks = [];
    this.tail = [];
    this.firstSerial = 0;
    this.lastSerial = 0;
    this.indexed = 0;
    this.bytes = 0;
  }

  /** IDs of every token that contains `part`. */
  private tokensContaining(part: string): number[] {
    const found: number[] = [];
    for (const chunk of this.chunks) {
      for (let at = chunk.text.indexOf(part); at >= 0; ) {
        const k = lastAtOrBefore(chunk.starts, at);
        found.push(chunk.firstId + k);
        const next = chunk.starts[k + 1];
        at = next === undefined ? -1 : chunk.text.indexOf(part, next);
      }
    }
    const tailFirst = this.lists.length - this.tail.length;
    this.tail.forEach((t, i) => {
      if (t.includes(part)) found.push(tailFirst + i);
    });
    return found;
  }

  private mark(target: Uint8Array, id: number): void {
    const list = this.lists[id] as number | Postings;
    if (typeof list === "number") {
      target[list - this.firstSerial] = 1;
      return;
    }
    const first = this.firstSerial;
    list.forEach((serial) => (target[serial - first] = 1));
  }

  /**
   * Messages whose text holds every token of the (folded) term, each as a
   * substring of some token. For one token that is exactly a substring match;
   * for several (a phrase, an address) it is a superset the caller verifies.
   */
  candidates(term: string): SerialSet {
    const bits = new Uint8Array(Math.max(0, this.lastSerial - this.firstSerial + 1));
    const parts = [...new Set(tokens(term))];
    if (parts.length === 0) return new SerialSet(this.firstSerial, bits.fill(1));
    const scratch = parts.length > 1 ? new Uint8Array(bits.length) : bits;
    parts.forEach((part, i) => {
      const target = i === 0 ? bits : scratch.fill(0);
      for (const id of this.tokensContaining(part)) this.mark(target, id);
      if (i > 0) for (let k = 0; k < bits.length; k++) bits[k] = (bits[k] as number) & (scratch[k] as number);
    });
    return new SerialSet(this.firstSerial, bits);
  }
}

/** The index of the last start at or before `at` (starts ascend). */
function lastAtOrBefore(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
