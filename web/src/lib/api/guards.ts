// Network input is unknown until checked. These helpers read one field at a
// time with a safe default, so an older or newer server that adds or drops a
// field degrades a view instead of crashing it; only identities are required.

export class ShapeError extends Error {
  override name = "ShapeError";
}

export type Obj = Record<string, unknown>;

export function isRecord(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown, what: string): Obj {
  if (!isRecord(value)) throw new ShapeError(`${what}: expected an object`);
  return value;
}

export function str(o: Obj, key: string): string {
  const v = o[key];
  return typeof v === "string" ? v : "";
}

export function num(o: Obj, key: string): number {
  const v = o[key];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

export function bool(o: Obj, key: string): boolean {
  return o[key] === true;
}

export function list(o: Obj, key: string): unknown[] {
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

export function strings(o: Obj, key: string): string[] {
  return list(o, key).filter((v): v is string => typeof v === "string");
}

/** A field the UI cannot work without (an ID): missing means the response is not what we asked for. */
export function requiredStr(o: Obj, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== "string" || v === "") throw new ShapeError(`${what}: missing ${key}`);
  return v;
}

/** Decodes every element that has the right shape and drops the rest. */
export function each<T>(values: unknown[], decode: (v: unknown) => T): T[] {
  const out: T[] = [];
  for (const v of values) {
    try {
      out.push(decode(v));
    } catch (err: unknown) {
      if (!(err instanceof ShapeError)) throw err;
    }
  }
  return out;
}
