// The free-text index: folded token -> the serials of the messages holding
// it. Built on the first free-text search, then brought up to date at each
// search (new messages only), so ingest never pays for it. A word matches
// every token that contains it (Mailpit's free text is a substring match),
// found by scanning the vocabulary, which is far smaller than the text.

import { ownString } from "../own-string.js";
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

export class TextIndex {
  /** `chunkSize`: tokens per frozen chunk (smaller only in tests). */
  constructor(private readonly chunkSize = CHUNK) {}

  /** Token -> ID, for the tokens of the tail only (see CHUNK). */
  private ids = new Map<string, number>();
  /** Per token ID: the one serial holding it (most tokens are rare), or the list. */
  private lists: Array<number | Postings> = [];
  /** Frozen vocabulary: tokens joined by "\n", the offset of each, the ID of the first. */
  private chunks: Chunk[] = [];
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
      // A token repeated in the document is seen to be already listed for this serial (no Set of the document's tokens).
      for (const token of tokens(fold(doc.text()))) this.add(token, doc.serial);
      this.lastSerial = doc.serial;
      this.indexed++;
    }
  }

  private add(token: string, serial: number): void {
    const id = this.ids.get(token);
    if (id === undefined) {
      this.bytes += token.length + TOKEN_BYTES;
      const kept = ownString(token);
      this.ids.set(kept, this.lists.length);
      this.lists.push(serial);
      this.tail.push(kept);
      if (this.tail.length === this.chunkSize) this.freeze();
      return;
    }
    const list = this.lists[id] as number | Postings;
    if (typeof list !== "number") {
      if (list.last === serial) return;
      this.bytes += 1 + list.push(serial); // a gap of under 128 messages: one byte
      return;
    }
    if (list === serial) return;
    this.bytes += 1;
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
    const text = this.tail.join("\n");
    this.chunks.push({ text, starts, firstId: this.lists.length - this.tail.length, blocks: trigramBlocks(text) });
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

  /** The highest serial indexed (0 when empty): every message up to it is covered. */
  get coveredUpTo(): number {
    return this.lastSerial;
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
    const grams = trigramBits(part);
    for (const chunk of this.chunks) {
      const { blocks } = chunk;
      for (let b = 0; b < blocks.ends.length; b++) {
        const from = b === 0 ? 0 : (blocks.ends[b - 1] as number);
        // A block whose filter lacks one of the part's trigrams cannot hold it: skip its text.
        if (grams !== null && !blocks.mayHold(b, grams)) continue;
        const text = chunk.text.slice(from, blocks.ends[b]);
        for (let at = text.indexOf(part); at >= 0; ) {
          const k = lastAtOrBefore(chunk.starts, from + at);
          found.push(chunk.firstId + k);
          const next = chunk.starts[k + 1];
          at = next === undefined || next >= (blocks.ends[b] as number) ? -1 : text.indexOf(part, next - from);
        }
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

interface Chunk {
  /** The chunk's tokens joined by "\n". */
  text: string;
  /** Where each token starts in `text`. */
  starts: Int32Array;
  firstId: number;
  blocks: TrigramBlocks;
}

/** Text per block of a frozen chunk; blocks end at token boundaries, so no match spans two. */
const BLOCK_CHARS = 4096;
/** Filter bits per block: about one per character, so a block's filter is about half full. */
const BLOCK_BITS = 4096;

const trigramHash = (a: number, b: number, c: number): number => (Math.imul(a * 961 + b * 31 + c, 0x9e3779b1) >>> 20) & (BLOCK_BITS - 1);

/** The filter bits of a part's trigrams, or null when it is too short to have any (then every block is read). */
function trigramBits(part: string): number[] | null {
  if (part.length < 3) return null;
  const bits: number[] = [];
  for (let i = 0; i + 2 < part.length; i++) bits.push(trigramHash(part.charCodeAt(i), part.charCodeAt(i + 1), part.charCodeAt(i + 2)));
  return bits;
}

/**
 * A small Bloom filter of the trigrams in each ~4 KB block of a frozen chunk
 * (about 12% more memory). A search for a rare word then reads a few blocks
 * instead of the whole vocabulary, tens of megabytes at 100,000 messages.
 */
class TrigramBlocks {
  constructor(
    readonly ends: Int32Array,
    private readonly bits: Uint32Array,
  ) {}

  mayHold(block: number, grams: readonly number[]): boolean {
    const base = block * (BLOCK_BITS / 32);
    for (const g of grams) if (((this.bits[base + (g >>> 5)] as number) & (1 << (g & 31))) === 0) return false;
    return true;
  }
}

function trigramBlocks(text: string): TrigramBlocks {
  const ends: number[] = [];
  for (let at = BLOCK_CHARS; at < text.length; ) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) break;
    ends.push(nl);
    at = nl + BLOCK_CHARS;
  }
  ends.push(text.length);
  const bits = new Uint32Array(ends.length * (BLOCK_BITS / 32));
  let from = 0;
  ends.forEach((end, b) => {
    const base = b * (BLOCK_BITS / 32);
    for (let i = from; i + 2 < end; i++) {
      const g = trigramHash(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2));
      bits[base + (g >>> 5)] = (bits[base + (g >>> 5)] as number) | (1 << (g & 31));
    }
    from = end;
  });
  return new TrigramBlocks(Int32Array.from(ends), bits);
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
