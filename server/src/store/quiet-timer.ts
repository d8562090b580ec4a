// "Once mail has stopped arriving for a while, do this": the background index
// and the collection after a burst both wait for such a moment, and neither
// may run while mail keeps coming. One timer, re-armed only when it fires.

export class QuietTimer {
  private last = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly quietMs: number,
    private readonly run: () => void,
  ) {}

  /** Mail arrived: a pending run waits until it has been quiet for quietMs again. */
  touch(): void {
    this.last = performance.now();
  }

  /** Runs once it has been quiet for quietMs, checked no sooner than `delay` from now (idempotent while pending). */
  arm(delay = this.quietMs): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const since = performance.now() - this.last;
      if (since < this.quietMs) this.arm(this.quietMs - since);
      else this.run();
    }, delay);
    this.timer.unref();
  }
}
