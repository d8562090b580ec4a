// Counters since start, read from store events like every other adapter:
// what /api/v1/info reports as Mailpit's RuntimeStats, plus ours.

import type { MemoryStore } from "./store/memory-store.js";

export class RuntimeStats {
  readonly startedAt = Date.now();
  smtpAccepted = 0;
  smtpAcceptedSize = 0;
  messagesDeleted = 0;
  sessions = 0;
  readonly stop: () => void;

  constructor(private readonly store: MemoryStore) {
    this.stop = store.subscribe((e) => {
      switch (e.type) {
        case "message-created":
          this.smtpAccepted++;
          this.smtpAcceptedSize += e.message.size;
          break;
        case "messages-deleted":
          this.messagesDeleted += e.ids.length;
          break;
        // Deleting everything counts each message, as Mailpit's MessagesDeleted does.
        case "messages-cleared":
          this.messagesDeleted += e.count;
          break;
        case "session-opened":
          this.sessions++;
          break;
        default:
          break;
      }
    });
  }

  /** Messages refused at the end of their data (size, faults, sink errors). */
  get smtpRejected(): number {
    return this.store.refusedMessages;
  }

  get uptimeSeconds(): number {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }
}
