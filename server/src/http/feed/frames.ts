// Store events -> feed frames: the one place that decides what a browser is
// told about each change. Transcript entries go only to clients that watch.

import type { FeedFrame } from "@mailscope/shared";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoreEvent } from "../../store/types.js";
import { messageSummary, sessionSummary } from "../shapes.js";

export interface RoutedFrame {
  frame: FeedFrame;
  /** Set for transcript frames: only clients watching this session (or all) get it. */
  sessionId?: string;
}

export function framesFor(event: StoreEvent, store: MemoryStore): RoutedFrame[] {
  switch (event.type) {
    case "message-created":
      return [{ frame: { Type: "new", Data: messageSummary(event.message, store.digest(event.message)) } }];
    case "messages-updated":
      return event.messages.map((m) => ({ frame: { Type: "update", Data: { ID: m.id, Read: m.read, Tags: m.tags } } }));
    case "messages-deleted":
      return event.ids.map((id) => ({ frame: { Type: "delete", Data: { ID: id } } }));
    case "messages-cleared":
      return [{ frame: { Type: "truncate", Data: null } }];
    case "messages-pruned":
      return [{ frame: { Type: "prune", Data: { IDs: event.ids } } }];
    case "session-opened":
    case "session-updated":
    case "session-closed":
      return [{ frame: { Type: "session", Data: sessionSummary(event.session) } }];
    case "session-entry":
      return [{ frame: { Type: "transcript", Data: { SessionID: event.session.id, Entry: event.entry } }, sessionId: event.session.id }];
    case "sessions-cleared":
      return [{ frame: { Type: "sessions-cleared", Data: null } }];
    case "sessions-pruned":
      return [];
  }
}

/** Events after which the mailbox counts may have changed. */
export function changesStats(event: StoreEvent): boolean {
  return event.type.startsWith("message");
}
