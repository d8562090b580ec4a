// Waiting for a server to finish what it does after a run. Mailscope runs
// full garbage collections once mail has stopped (one after a second's quiet,
// another after six more); in a benchmark that alternates targets on a
// 2-CPU machine they would land in the next target's round and slow it.

import { readFileSync } from "node:fs";

/** CPU time (user + system, in clock ticks) a process has used, all threads. */
function cpuTicks(pid: number): number {
  // Fields after the command name, which is in brackets and may hold spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits at least `minMs`, then until the process has used no CPU for a whole
 * `quietMs` (at most `maxMs` in all). Returns how long it waited.
 */
export async function settle(pid: number, minMs: number, quietMs = 500, maxMs = 20_000): Promise<number> {
  const start = performance.now();
  await sleep(minMs);
  let last = cpuTicks(pid);
  while (performance.now() - start < maxMs) {
    await sleep(quietMs);
    const now = cpuTicks(pid);
    if (now === last) break;
    last = now;
  }
  return performance.now() - start;
}
