// A message submitted over HTTP (POST /api/v1/send) is stored as if it came
// over SMTP: it gets a session of its own whose transcript says how it came
// (no SMTP dialogue took place), so the message view and the sessions list
// treat it like any other.

import type { TranscriptEntry } from "@mailscope/shared";
import { newId } from "../ids.js";
import type { MemoryStore } from "../store/memory-store.js";

export interface Submission {
  raw: Buffer;
  from: string;
  recipients: string[];
  /** The HTTP basic-auth user, or "". */
  authUser: string;
  client: { address: string; port: number };
  server: { address: string; port: number };
}

export function submit(store: MemoryStore, s: Submission): string {
  const sessionId = newId();
  const startedAt = new Date();
  const t0 = performance.now();
  let seq = 0;
  const event = (kind: "connect" | "stored" | "close", text: string, extra: Partial<TranscriptEntry> = {}): void => {
    store.entry(sessionId, { Seq: seq++, Time: performance.now() - t0, Direction: "event", Event: kind, Text: text, Notes: [], ...extra });
  };
  store.opened({ id: sessionId, startedAt, clientAddress: s.client.address, clientPort: s.client.port, serverAddress: s.server.address, serverPort: s.server.port });
  if (s.authUser !== "") store.updated(sessionId, { authUser: s.authUser });
  const to = s.recipients.map((r) => `<${r}>`).join(", ") || "no recipients";
  event("connect", `HTTP POST /api/v1/send from ${s.client.address}:${s.client.port}: submitted over the API, not SMTP (no SMTP dialogue took place); from <${s.from}> to ${to}, ${s.raw.length} bytes`);
  const first = seq - 1;
  const id = store.deliver({
    sessionId,
    envelope: {
      mailFrom: { address: s.from, params: {} },
      rcptTo: s.recipients.map((address) => ({ address, params: {} })),
      helo: "",
      authUser: s.authUser,
      tls: false,
      clientAddress: s.client.address,
    },
    raw: s.raw,
    receivedAt: startedAt,
    span: { First: first, Last: first + 1 },
  });
  event("stored", `message stored as ${id}`, { MessageID: id });
  event("close", "HTTP request answered");
  store.closed(sessionId, { endedAt: new Date(), reason: "quit", error: "" });
  return id;
}
