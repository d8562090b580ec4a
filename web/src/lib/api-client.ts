import type { MessagesSummary } from "@mailscope/shared";

// The UI is served by the same process as the API, so relative URLs work in
// production and through the vite dev proxy alike.
const API_BASE = "/api/v1";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Network input is unknown until checked; only the fields the UI reads are checked. */
function isMessagesSummary(value: unknown): value is MessagesSummary {
  return (
    isRecord(value) &&
    typeof value["total"] === "number" &&
    typeof value["unread"] === "number" &&
    Array.isArray(value["messages"])
  );
}

export async function fetchMessages(signal?: AbortSignal): Promise<MessagesSummary> {
  const init: RequestInit = { headers: { Accept: "application/json" } };
  if (signal !== undefined) init.signal = signal;
  const res = await fetch(`${API_BASE}/messages`, init);
  if (!res.ok) throw new Error(`GET ${API_BASE}/messages: HTTP ${res.status}`);
  const body: unknown = await res.json();
  if (!isMessagesSummary(body)) throw new Error(`GET ${API_BASE}/messages: unexpected response shape`);
  return body;
}
