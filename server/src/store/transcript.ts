// One session's transcript, kept in columns rather than as an object per
// entry. A stored session otherwise costs the heap some fifty small objects
// (entry, boxed time, text, often a property array) that every garbage
// collection must visit again; here it is one array of numbers, one text per entry
// while the session talks, and a single joined string once it has closed.
// Entries are rebuilt as objects only when someone reads them.

import type { Direction, EventKind, LintNote, TranscriptEntry } from "@mailscope/shared";
import { append, emptyList } from "../empty-list.js";

const DIRECTIONS: readonly Direction[] = ["client", "server", "event"];
const EVENTS: readonly (EventKind | undefined)[] = [undefined, "connect", "close", "tls", "auth", "stored", "refused", "discarded", "fault", "error"];
const DIRECTION_CODE: Readonly<Record<Direction, number>> = { client: 0, server: 1, event: 2 };
const EVENT_CODE = new Map<EventKind | undefined, number>(EVENTS.map((e, i) => [e, i]));
const NO_NOTES = emptyList<LintNote>();
const LATIN1 = /^[\x00-\xff]*$/;

/** Per entry: time, Seq with the direction and event packed in, end of its text in the joined string. */
const SLOTS = 3;
/** The Seq packed with a 6-bit direction and event code (see push). */
const seqOf = (packed: number): number => (packed - (packed % 64)) / 64;

/** The fields few entries have, kept aside for those few. */
interface Rare {
  index: number;
  notes: LintNote[];
  decoded: string | undefined;
  messageId: string | undefined;
  size: number | undefined;
  lines: number | undefined;
}

export class Transcript {
  private cols: number[] = [];
  /** One text per entry while the session is open; null once they are joined. */
  private texts: string[] | null = [];
  private joined = "";
  /** Entries with notes or extra fields, in entry order; most sessions have none, and share one empty list. */
  private rare: Rare[] = emptyList();
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(e: TranscriptEntry): void {
    if (this.texts === null) this.unseal();
    const i = this.count;
    const code = (DIRECTION_CODE[e.Direction] ?? 2) * 16 + (EVENT_CODE.get(e.Event) ?? 0);
    // A plain array of doubles: one unboxed backing store, with no off-heap buffer for the collector to track.
    this.cols.push(e.Time, e.Seq * 64 + code, 0);
    (this.texts as string[]).push(e.Text);
    if (e.Notes.length > 0 || e.Decoded !== undefined || e.MessageID !== undefined || e.Size !== undefined || e.Lines !== undefined) {
      const rare = { index: i, notes: e.Notes.length > 0 ? e.Notes : NO_NOTES, decoded: e.Decoded, messageId: e.MessageID, size: e.Size, lines: e.Lines };
      this.rare = append(this.rare, rare);
    }
    this.count++;
  }

  /** The session has closed: one string for all the texts, and no spare room. */
  seal(): void {
    const texts = this.texts;
    if (texts === null) return;
    let end = 0;
    for (let i = 0; i < texts.length; i++) {
      end += (texts[i] as string).length;
      this.cols[i * SLOTS + 2] = end;
    }
    const joined = texts.join("");
    // V8 can make the joined string two bytes a character although every text fits in one (seen in
    // heap snapshots of the running server); rebuilding it from Latin-1 bytes halves what it keeps.
    this.joined = LATIN1.test(joined) ? Buffer.from(joined, "latin1").toString("latin1") : joined;
    this.texts = null;
    // Growth left spare capacity; a closed session keeps exactly what it holds.
    this.cols = this.cols.slice();
    if (this.rare.length > 1) this.rare = this.rare.slice(); // append() gives a first item an array of exactly one
  }

  private build(i: number, rare: Rare | undefined): TranscriptEntry {
    const packed = this.cols[i * SLOTS + 1] as number;
    const code = packed % 64;
    const entry: TranscriptEntry = {
      Seq: seqOf(packed),
      Time: this.cols[i * SLOTS] as number,
      Direction: DIRECTIONS[code >> 4] as Direction,
      Text: this.textAt(i),
      Notes: NO_NOTES,
    };
    const event = EVENTS[code & 15];
    if (event !== undefined) entry.Event = event;
    if (rare !== undefined) {
      entry.Notes = rare.notes;
      if (rare.decoded !== undefined) entry.Decoded = rare.decoded;
      if (rare.messageId !== undefined) entry.MessageID = rare.messageId;
      if (rare.size !== undefined) entry.Size = rare.size;
      if (rare.lines !== undefined) entry.Lines = rare.lines;
    }
    return entry;
  }

  /** Every entry, as objects (for the API and the feed; never kept). */
  toArray(): TranscriptEntry[] {
    return this.filter(() => true);
  }

  /** The entries whose Seq lies in [first, last]. */
  span(first: number, last: number): TranscriptEntry[] {
    return this.filter((seq) => seq >= first && seq <= last);
  }

  private filter(keep: (seq: number) => boolean): TranscriptEntry[] {
    const out: TranscriptEntry[] = [];
    const rare = this.rare;
    let r = 0; // rare is in entry order: one pass over both
    for (let i = 0; i < this.count; i++) {
      while (r < rare.length && (rare[r] as Rare).index < i) r++;
      if (keep(seqOf(this.cols[i * SLOTS + 1] as number))) out.push(this.build(i, rare[r]?.index === i ? rare[r] : undefined));
    }
    return out;
  }

  private textAt(i: number): string {
    if (this.texts !== null) return this.texts[i] as string;
    const start = i === 0 ? 0 : (this.cols[(i - 1) * SLOTS + 2] as number);
    return this.joined.slice(start, this.cols[i * SLOTS + 2] as number);
  }

  /** An entry after the close (rare): back to one text per entry. */
  private unseal(): void {
    const texts: string[] = [];
    for (let i = 0; i < this.count; i++) texts.push(this.textAt(i));
    this.texts = texts;
    this.joined = "";
  }
}
