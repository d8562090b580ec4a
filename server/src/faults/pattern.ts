// Globs for rule matches: * is any run of characters, ? is one, everything
// else is literal, case-insensitive. Compiled once per rule, never per step.

export type Matcher = (value: string) => boolean;

export function glob(pattern: string): Matcher {
  const source = [...pattern].map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&"))).join("");
  const re = new RegExp(`^${source}$`, "isu");
  return (value) => re.test(value);
}

/** The domain of an address: after the last @, empty when there is none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? "" : address.slice(at + 1);
}
