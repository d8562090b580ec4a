// When the free-text index is built: in slices, while no mail is arriving, and
// only once someone has shown they want it (a free-text search, or a browser on
// the feed). A server only fed and queried by address or subject, as most CI
// runs are, never spends memory on one; a search over a big mailbox finds it
// ready; ingest never waits for it.

import { inSlices, QuietSlices } from "./quiet-slices.js";
import type { Searcher } from "./search/searcher.js";

export class BackgroundIndexer {
  private wanted = false;
  private readonly quiet: QuietSlices;

  constructor(
    private readonly searcher: Searcher,
    /** performance.now() of the latest mail (the store's). */
    lastMail: () => number,
  ) {
    this.quiet = new QuietSlices(lastMail, (ms) => this.searcher.indexFor(ms));
  }

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
    await inSlices((ms) => this.searcher.indexFor(ms, upTo));
  }

  /** A message arrived: indexing waits for the next quiet moment. */
  delivered(): void {
    if (this.wanted) this.quiet.arm();
  }
}
