// Which browser pages may open the feed. A WebSocket is not covered by the
// same-origin policy, so without this check any site the user visits could
// read their captured mail through ws://127.0.0.1:8025.

export interface OriginPolicy {
  /** Extra origins allowed besides the server's own (--allowed-origins / --api-cors). */
  allowed: readonly string[];
}

export function originAllowed(origin: string | undefined, host: string | undefined, policy: OriginPolicy): boolean {
  // Non-browser clients send no Origin; the same-origin policy is a browser concern.
  if (origin === undefined) return true;
  if (policy.allowed.includes("*") || policy.allowed.includes(origin)) return true;
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return url.host === host && (url.protocol === "http:" || url.protocol === "https:");
  } catch {
    return false;
  }
}
