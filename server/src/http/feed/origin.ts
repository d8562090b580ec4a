// Which browser pages may open the feed. A WebSocket is not covered by the
// same-origin policy, so without this check any site the user visits could
// read their captured mail through ws://127.0.0.1:8025.

import type { FastifyReply, FastifyRequest } from "fastify";
import { sendText } from "../plain-text.js";

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

/** A preValidation hook for WebSocket routes: refuse before the upgrade, so a foreign page gets a plain 403, never a socket. */
export function refuseForeignOrigin(policy: OriginPolicy) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!originAllowed(req.headers.origin, req.headers.host, policy)) await sendText(reply, 403, "origin not allowed");
  };
}
