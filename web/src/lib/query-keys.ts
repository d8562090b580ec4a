// Query keys and cached page shapes, shared by the features that read the
// cache and the feed that writes into it.
import type { MailboxStats, MessageSummary, SessionDetail, SessionSummary } from "@mailscope/shared";
import type { InfiniteData } from "@tanstack/react-query";

export const keys = {
  /** Every message list; [1] is the search query, "" for the plain inbox. */
  messageLists: ["messages"] as const,
  messages: (query: string) => ["messages", query] as const,
  /** A message and everything fetched about it: ["message", id, part?]. */
  message: (id: string) => ["message", id] as const,
  messagePart: (id: string, part: string) => ["message", id, part] as const,
  stats: ["stats"] as const,
  /** Every session list; [1] is the filter, "" for all. */
  sessionLists: ["sessions"] as const,
  sessions: (filter: string) => ["sessions", filter] as const,
  session: (id: string) => ["session", id] as const,
  webui: ["webui"] as const,
  /** The fault rules with their firing counts (polled: the feed carries no rule changes). */
  faults: ["faults"] as const,
  /** Messages the store pruned since the page opened: a notice, not server data. */
  pruned: ["feed", "pruned"] as const,
};

/** One page of a message list as cached: the query's matches, not the mailbox's. */
export interface MessagePage {
  items: MessageSummary[];
  /** How many messages match the query in all (Mailpit's messages_count). */
  matched: number;
  /** The mailbox's counts when the page was fetched (the feed's stats frames are fresher). */
  mailbox?: { total: number; unread: number };
}

export interface SessionPage {
  items: SessionSummary[];
  matched: number;
}

export type MessagePages = InfiniteData<MessagePage, number>;
export type SessionPages = InfiniteData<SessionPage, number>;
export type { MailboxStats, SessionDetail };

export function loadedCount<T>(pages: ReadonlyArray<{ items: readonly T[] }>): number {
  let n = 0;
  for (const p of pages) n += p.items.length;
  return n;
}
