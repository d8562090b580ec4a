// Background work done in short slices once mail has stopped arriving (the
// free-text index, header summaries nobody has asked for yet), and the same
// work run to the end for a request that needs it, in slices with a turn for
// the event loop between them, so SMTP sessions and other requests go on.

import { setImmediate as turn } from "node:timers/promises";
import { QuietTimer } from "./quiet-timer.js";

/** Mail must have stopped arriving this long before background work runs. */
const QUIET_MS = 250;
/** Longest stretch of work before the event loop gets a turn. */
const SLICE_MS = 10;

/** Does about `ms` of work; true if some is left. */
export type Step = (ms: number) => boolean;

export class QuietSlices {
  // A slice, then another 1 ms later if mail is still quiet, until the work is done.
  private readonly quiet: QuietTimer;

  constructor(
    /** performance.now() of the latest mail (the store's). */
    lastMail: () => number,
    private readonly step: Step,
  ) {
    this.quiet = new QuietTimer(QUIET_MS, lastMail, () => {
      if (this.step(SLICE_MS)) this.quiet.arm(1);
    });
  }

  /** The work runs once mail has been quiet (idempotent while it waits). */
  arm(): void {
    this.quiet.arm();
  }
}

/** Runs `step` until it is done, in slices with a turn for the event loop between them. */
export async function inSlices(step: Step): Promise<void> {
  while (step(SLICE_MS)) await turn();
}
