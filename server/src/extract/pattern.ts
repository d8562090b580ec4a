// A caller's own regular expression over the message text: the escape hatch
// when the built-in link and code finders do not fit.

export interface PatternMatch {
  Match: string;
  /** The capture groups, in order; empty strings for groups that did not take part. */
  Groups: string[];
}

export const MAX_PATTERN = 500;
/** Bounds the text a user pattern runs over; catastrophic patterns stay the caller's risk on a local tool. */
export const MAX_TEXT = 1024 * 1024;

export class PatternError extends Error {}

export function compilePattern(source: string): RegExp {
  if (source.length > MAX_PATTERN) throw new PatternError(`pattern longer than ${MAX_PATTERN} characters`);
  try {
    return new RegExp(source, "gu");
  } catch (err) {
    throw new PatternError(`pattern is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function matchPattern(pattern: RegExp, text: string, limit = 100): PatternMatch[] {
  const out: PatternMatch[] = [];
  for (const m of text.slice(0, MAX_TEXT).matchAll(pattern)) {
    out.push({ Match: m[0], Groups: m.slice(1).map((g) => g ?? "") });
    if (out.length >= limit) break;
  }
  return out;
}
