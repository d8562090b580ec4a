// Session search for GET /api/v1/sessions?query=: words match the client
// address, HELO name, AUTH user or error; `status:`, `client:`, `helo:` and
// `auth:` narrow to one field. Pure: text in, predicate out.

import type { StoredSession } from "./types.js";

export type SessionStatus = "ok" | "failed" | "open";

export interface SessionFilter {
  (session: StoredSession): boolean;
}

const STATUSES: readonly string[] = ["ok", "failed", "open"];

export function sessionStatus(s: StoredSession): SessionStatus {
  if (s.endedAt === null) return "open";
  return s.error === "" ? "ok" : "failed";
}

export class SessionQueryError extends Error {}

export function parseSessionQuery(query: string): SessionFilter | null {
  const tests: SessionFilter[] = [];
  for (const word of query.trim().split(/\s+/)) {
    if (word === "") continue;
    const colon = word.indexOf(":");
    const key = colon > 0 ? word.slice(0, colon).toLowerCase() : "";
    const value = (colon > 0 ? word.slice(colon + 1) : word).toLowerCase();
    if (key === "status") {
      if (!STATUSES.includes(value)) throw new SessionQueryError(`status: must be one of ${STATUSES.join(", ")}, not ${JSON.stringify(value)}`);
      tests.push((s) => sessionStatus(s) === value);
    } else if (key === "client") tests.push((s) => s.clientAddress.toLowerCase().includes(value));
    else if (key === "helo") tests.push((s) => s.helo.toLowerCase().includes(value));
    else if (key === "auth") tests.push((s) => s.authUser.toLowerCase().includes(value));
    else {
      const text = word.toLowerCase();
      tests.push((s) => [s.clientAddress, s.helo, s.authUser, s.error, s.id].some((f) => f.toLowerCase().includes(text)));
    }
  }
  return tests.length === 0 ? null : (s) => tests.every((t) => t(s));
}
