// Password checks for SMTP AUTH and for basic auth: equal strings, compared
// in time that does not depend on where they differ.

import { timingSafeEqual } from "node:crypto";

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
