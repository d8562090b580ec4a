// One frozen empty array shared by every stored message and session that has
// nothing in a list (no Cc, no tags, no notes): an array object each is
// something every garbage collection visits again, for nothing. Typed as a
// mutable list for the interfaces that hold it; being frozen, a push throws
// instead of quietly changing every other holder.
const EMPTY: readonly never[] = Object.freeze([]);

export const emptyList = <T>(): T[] => EMPTY as unknown as T[];

/**
 * Adds to a list that may be the shared empty one, and returns the list to
 * keep. The first item gets an array of exactly one (a push into [] reserves
 * room for seventeen, and nearly every stored list holds one item); later
 * ones are pushed.
 */
export function append<T>(list: T[], item: T): T[] {
  if (list.length === 0) return [item];
  list.push(item);
  return list;
}
