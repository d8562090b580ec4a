// A full garbage collection on demand, for the moment it pays: right after a
// burst of mail has been compressed, when the uncompressed copies of it are
// garbage. V8 starts no collection while the process is quiet, so without
// this they would stay resident until the next burst. Users
// run plain `node`, without --expose-gc, so the collector is exposed at run
// time and taken from a fresh context; if that ever fails, collection is
// simply left to V8.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collector: (() => void) | null | undefined;
let collections = 0;

/** Collections run so far (tests check when they happen). */
export const garbageCollections = (): number => collections;

function load(): (() => void) | null {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/** Runs a full collection; returns whether one ran. */
export function collectGarbage(): boolean {
  if (collector === undefined) collector = load();
  if (collector === null) return false;
  // A plain full collection frees the burst's dead objects but keeps the pages they were on, part
  // used (session objects promoted while their session lasted, then dropped): about a third of the
  // old generation after 20,000 messages. Compacting moves the living together and lets the rest go.
  setFlagsFromString("--compact-on-every-full-gc");
  try {
    collector();
  } finally {
    setFlagsFromString("--no-compact-on-every-full-gc");
  }
  collections++;
  return true;
}
