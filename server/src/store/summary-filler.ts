// Reads the header summaries that nobody has asked for yet (see
// message-record.ts): in slices once mail has stopped arriving, or all of them
// before anything that needs every message's tags (the tag list, which every
// listing carries). Ingest itself never reads one.

import { inSlices, QuietSlices } from "./quiet-slices.js";
import type { StoredMessage } from "./types.js";

export class SummaryFiller {
  /** Every message with a serial up to this one has its summary. */
  private upTo = 0;
  private readonly quiet: QuietSlices;

  constructor(
    /** The store's messages with a serial above the one given, oldest first. */
    private readonly after: (serial: number) => Iterable<StoredMessage>,
    /** performance.now() of the latest mail (the store's). */
    lastMail: () => number,
  ) {
    this.quiet = new QuietSlices(lastMail, (ms) => this.fillFor(ms));
  }

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
  catchUp(): Promise<void> {
    return inSlices((ms) => this.fillFor(ms));
  }
}
