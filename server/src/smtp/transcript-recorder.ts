// Numbers and times transcript entries and hands them to the observer. Also
// adds the slow-step note, the one lint that needs the previous entry's time.

import type { Direction, EventKind, LintNote, TranscriptEntry } from "@mailscope/shared";
import type { SessionObserver } from "./types.js";

export type EntryExtra = Partial<Pick<TranscriptEntry, "Decoded" | "MessageID" | "Size" | "Lines">>;

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

  record(direction: Direction, text: string, notes: LintNote[] = [], extra: EntryExtra = {}, event?: EventKind, time = this.now()): number {
    if (direction !== "event" && this.seq > 0 && time - this.lastTime > this.slowStepMs) {
      notes.push({ Kind: "slow-step", Text: `${Math.round(time - this.lastTime)} ms after the previous step` });
    }
    if (direction !== "event") this.lastTime = time;
    const entry: TranscriptEntry = { Seq: this.seq++, Time: time, Direction: direction, Text: text, Notes: notes, ...extra };
    if (event !== undefined) entry.Event = event;
    this.observer.entry(this.sessionId, entry);
    return entry.Seq;
  }

  event(kind: EventKind, text: string, extra: EntryExtra = {}): number {
    return this.record("event", text, [], extra, kind);
  }
}
