// "Logs that say what it is doing": one line per stored message and per
// failed session, read from store events like every other adapter.

import type { MemoryStore } from "./store/memory-store.js";

export function logActivity(store: MemoryStore, log: (line: string) => void): () => void {
  return store.subscribe((event) => {
    if (event.type === "message-created") {
      const m = event.message;
      const to = m.envelope.rcptTo.map((r) => r.address).join(", ");
      log(`message ${m.id} from <${m.envelope.mailFrom.address}> to ${to} (${m.size} bytes)`);
    } else if (event.type === "session-closed" && event.session.error !== "") {
      const s = event.session;
      log(`session ${s.id} from ${s.clientAddress} ended (${s.closeReason}): ${s.error}`);
    } else if (event.type === "messages-pruned") {
      log(`pruned ${event.ids.length} oldest message(s) to stay within --max`);
    }
  });
}
