// Numbers and times transcript entries and hands them to the observer. Also
// adds the slow-step note, the one lint that needs the previous entry's time.

import type { Direction, EventKind, LintNote, TranscriptEntry } from "@mailscope/shared";
import { NO_NOTES } from "./lint.js";
import type { SessionObserver } from "./types.js";

export type EntryExtra = Partial<Pick<TranscriptEntry, "Decoded" | "MessageID" | "Size" | "Lines">>;

const NO_EXTRA: EntryExtra = Object.freeze({});

export class TranscriptRecorder {
  private seq = 0;
  private lastTime = 0;
  private readonly t0 = performance.now();

  constructor(
    private readonly sessionId: string,
    private readonly observer: SessionObserver,
    private readonly slowStepMs: number,
  ) {}

  /** The Seq the next entry will get. */
  get nextSeq(): number {
    return this.seq;
  }

  /** Milliseconds since the session opened. */
  now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  record(direction: Direction, text: string, notes: readonly LintNote[] = NO_NOTES, extra: EntryExtra = NO_EXTRA, event?: EventKind, time = this.now()): number {
    if (direction !== "event" && this.seq > 0 && time - this.lastTime > this.slowStepMs) {
      notes = [...notes, { Kind: "slow-step", Text: `${Math.round(time - this.lastTime)} ms after the previous step` }];
    }
    if (direction !== "event") this.lastTime = time;
    const entry: TranscriptEntry = { Seq: this.seq++, Time: time, Direction: direction, Text: text, Notes: notes.length === 0 ? NO_NOTES : (notes as LintNote[]) };
    if (event !== undefined) entry.Event = event;
    if (extra !== NO_EXTRA) Object.assign(entry, extra);
    this.observer.entry(this.sessionId, entry);
    return entry.Seq;
  }

  event(kind: EventKind, text: string, extra: EntryExtra = NO_EXTRA): number {
    return this.record("event", text, NO_NOTES, extra, kind);
  }
}
