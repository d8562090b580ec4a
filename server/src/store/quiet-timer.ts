// "Once mail has stopped arriving for a while, do this": the background index
// and the collections after a burst all wait for such a moment, and none may
// run while mail keeps coming. When mail last came is the store's one fact,
// read here, not kept again by each waiter. One timer, re-armed only when it
// fires.

export class QuietTimer {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly quietMs: number,
    /** performance.now() of the latest mail. */
    private readonly lastMail: () => number,
    private readonly run: () => void,
  ) {}

  /** Runs once it has been quiet for quietMs, checked no sooner than `delay` from now (idempotent while pending). */
  arm(delay = this.quietMs): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const since = performance.now() - this.lastMail();
      if (since < this.quietMs) this.arm(this.quietMs - since);
      else this.run();
    }, delay);
    this.timer.unref();
  }
}
