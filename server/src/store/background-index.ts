// When the free-text index is built: in slices, while no mail is arriving, and
// only once someone has shown they want it (a free-text search, or a browser on
// the feed). A server only fed and queried by address or subject, as most CI
// runs are, never spends memory on one; a search over a big mailbox finds it
// ready; ingest never waits for it.

import { setImmediate as turn } from "node:timers/promises";
import { QuietTimer } from "./quiet-timer.js";
import type { Searcher } from "./search/searcher.js";

/** Mail must have stopped arriving this long before indexing runs. */
const QUIET_MS = 250;
/** Longest stretch of indexing before the event loop gets a turn. */
const INDEX_SLICE_MS = 10;

export class BackgroundIndexer {
  private wanted = false;
  // A slice, then another 1 ms later if mail is still quiet, until the index has caught up.
  private readonly quiet = new QuietTimer(
    QUIET_MS,
    () => this.lastMail(),
    () => {
      if (this.searcher.indexFor(INDEX_SLICE_MS)) this.quiet.arm(1);
    },
  );

  constructor(
    private readonly searcher: Searcher,
    /** performance.now() of the latest mail (the store's). */
    private readonly lastMail: () => number,
  ) {}

  /** Keep the index up to date from now on (idempotent). */
  want(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.quiet.arm();
  }

  /**
   * Indexes everything up to serial `upTo` in slices, with a turn for the
   * event loop between them: a free-text search over a big unindexed mailbox
   * then waits for its index without holding up SMTP sessions and other
   * requests (building it in one go took a minute at 100,000 messages).
   */
  async catchUp(upTo: number): Promise<void> {
    this.want();
    while (this.searcher.indexFor(INDEX_SLICE_MS, upTo)) await turn();
  }

  /** A message arrived: indexing waits for the next quiet moment. */
  delivered(): void {
    if (this.wanted) this.quiet.arm();
  }
}
