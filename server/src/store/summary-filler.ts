// Reads the header summaries that nobody has asked for yet (see
// message-record.ts): in slices once mail has stopped arriving, or all at once
// before anything that needs every message's tags or fields (a search, the
// list of tags). Ingest itself never reads one.

import { setImmediate as turn } from "node:timers/promises";
import { QuietTimer } from "./quiet-timer.js";
import type { StoredMessage } from "./types.js";

/** Mail must have stopped arriving this long before the fill runs. */
const QUIET_MS = 250;
/** Longest stretch of filling before the event loop gets a turn. */
const SLICE_MS = 10;

export class SummaryFiller {
  /** Every message with a serial up to this one has its summary. */
  private upTo = 0;
  private readonly quiet = new QuietTimer(
    QUIET_MS,
    () => this.lastMail(),
    () => {
      if (this.fillFor(SLICE_MS)) this.quiet.arm(1);
    },
  );

  constructor(
    /** The store's messages with a serial above the one given, oldest first. */
    private readonly after: (serial: number) => Iterable<StoredMessage>,
    /** performance.now() of the latest mail (the store's). */
    private readonly lastMail: () => number,
  ) {}

  /** A message arrived: its summary waits for a quiet moment, or for someone to ask. */
  delivered(): void {
    this.quiet.arm();
  }

  /** Reads summaries, oldest first, for about `ms`; true if some are left. */
  fillFor(ms: number): boolean {
    const until = performance.now() + ms;
    for (const m of this.after(this.upTo)) {
      // Reading the summary is what fills it (and counts the message's tags).
      if (!m.summarized) void m.summary;
      this.upTo = m.serial;
      if (performance.now() >= until) return true;
    }
    return false;
  }

  /** Every summary, now (for the store's synchronous callers). */
  fillAll(): void {
    this.fillFor(Number.POSITIVE_INFINITY);
  }

  /** Every summary, in slices with a turn for the event loop between them (for API requests). */
  async catchUp(): Promise<void> {
    while (this.fillFor(SLICE_MS)) await turn();
  }
}
