// The free-text index: folded token -> the serials of the messages holding
// it. Built on the first free-text search, then brought up to date at each
// search (new messages only), so ingest never pays for it. A word matches
// every token that contains it (Mailpit's free text is a substring match),
// found by scanning the vocabulary, which is far smaller than the text.

import { fold, tokens } from "./fold.js";

/** A growable list of serials, 4 bytes each: plain arrays would take 8. */
class Postings {
  items = new Uint32Array(2);
  length = 0;

  push(serial: number): void {
    if (this.length === this.items.length) {
      const bigger = new Uint32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = serial;
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

/** Tokens per frozen vocabulary chunk: one string each, searched with indexOf instead of a loop over keys. */
const CHUNK = 65_536;

/** A copy that does not pin the whole document a token was split from (V8 slices long substrings). */
const own = (token: string): string => (token.length < 13 ? token : (token + " ").slice(0, -1));

export class TextIndex {
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
      this.bytes += 2 * token.length + 48; // the string, a map entry, a list slot
      const kept = own(token);
      this.ids.set(kept, this.lists.length);
      this.lists.push(serial);
      this.tail.push(kept);
      if (this.tail.length === CHUNK) this.freeze();
      return;
    }
    const list = this.lists[id] as number | Postings;
    this.bytes += 4;
    if (typeof list !== "number") return list.push(serial);
    const postings = new Postings();
    postings.push(list);
    postings.push(serial);
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
  }

  /** Messages indexed, deleted ones included, so the owner can tell when a rebuild would pay. */
  get size(): number {
    return this.indexed;
  }

  /** Roughly the memory the index holds, for its budget. */
  get estimatedBytes(): number {
    return this.bytes;
  }

  get vocabulary(): number {
    return this.ids.size;
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
    for (let j = 0; j < list.length; j++) target[(list.items[j] as number) - this.firstSerial] = 1;
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
