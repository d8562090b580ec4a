// A small seedable PRNG (mulberry32): each rule owns one, so a rule with a
// seed fires on the same steps run after run, whatever other rules do.

import { randomInt } from "node:crypto";

export type Random = () => number;

/** Numbers in [0, 1) from a 32-bit seed. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for a rule that did not give one; shown in the API so the run can be repeated. */
export const freshSeed = (): number => randomInt(0, 2 ** 32 - 1);
