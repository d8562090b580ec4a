// One message by ID for the routes under /api/v1/message/{ID} and /view:
// `latest` is the newest message, or the newest matching `query` (Mailpit's
// quirk); a query we cannot read is a 400 that says why, not a wrong answer.

import { badQuery } from "./plain-text.js";
import type { MemoryStore } from "../store/memory-store.js";
import type { StoredMessage } from "../store/types.js";

export type Lookup = { message: StoredMessage } | { status: 400 | 404; error: string };

export async function lookupMessage(store: MemoryStore, id: string, query = ""): Promise<Lookup> {
  if (id !== "latest") {
    const message = store.getMessage(id);
    return message === undefined ? { status: 404, error: "message not found" } : { message };
  }
  if (query.trim() === "") {
    const newest = store.listMessages(0, 1).items[0];
    return newest === undefined ? { status: 404, error: "message not found: the mailbox is empty" } : { message: newest };
  }
  const result = await store.searchWhenReady(query, 0, 1);
  if (result.problems.length > 0) return { status: 400, error: badQuery(result.problems) };
  const match = result.items[0];
  return match === undefined ? { status: 404, error: `message not found: nothing matches ${JSON.stringify(query)}` } : { message: match };
}
