// The feed hub: turns store events into frames for /api/events, sends
// transcript frames only to clients watching that session, and debounces the
// stats frame. Listening only while connected and dropping slow clients is
// the Fanout's job (fanout.ts), shared with MailHog's websocket.

import type { FeedFrame, MailboxStats } from "@mailscope/shared";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoreEvent } from "../../store/types.js";
import { Fanout, type FeedSocket } from "./fanout.js";
import { changesStats, framesFor } from "./frames.js";

interface Client {
  socket: FeedSocket;
  /** Sessions whose transcripts this client streams: "*" for all. */
  watching: string | null;
}

export interface HubOptions {
  version: string;
  /** A client with more than this many bytes unsent is disconnected. */
  maxBuffered: number;
  statsDelayMs: number;
}

export class FeedHub {
  private readonly clients: Fanout<Client>;
  private statsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: MemoryStore,
    private readonly options: HubOptions,
  ) {
    this.clients = new Fanout<Client>(
      store,
      (e) => this.onEvent(e),
      options.maxBuffered,
      () => {
        if (this.statsTimer !== null) clearTimeout(this.statsTimer);
        this.statsTimer = null;
      },
      true,
    );
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: FeedSocket): Client {
    // A browser on the UI: have the free-text index ready for its search box.
    this.store.wantIndex();
    const client: Client = { socket, watching: null };
    this.clients.add(client);
    this.clients.send(client, JSON.stringify({ Type: "stats", Data: this.stats() } satisfies FeedFrame));
    return client;
  }

  remove(client: Client): void {
    this.clients.remove(client);
  }

  watch(client: Client, sessionId: string | null): void {
    client.watching = sessionId;
  }

  private stats(): MailboxStats {
    return { Total: this.store.messageCount, Unread: this.store.unreadCount, Version: this.options.version };
  }

  private onEvent(event: StoreEvent): void {
    for (const { frame, sessionId } of framesFor(event, this.store)) {
      let text: string | null = null; // serialised once, only if someone receives it
      for (const client of this.clients) {
        if (sessionId !== undefined && client.watching !== "*" && client.watching !== sessionId) continue;
        text ??= JSON.stringify(frame);
        this.clients.send(client, text);
      }
    }
    if (changesStats(event)) this.scheduleStats();
  }

  // Bursts of mail would otherwise send a stats frame per message.
  private scheduleStats(): void {
    if (this.statsTimer !== null) return;
    this.statsTimer = setTimeout(() => {
      this.statsTimer = null;
      const text = JSON.stringify({ Type: "stats", Data: this.stats() } satisfies FeedFrame);
      for (const client of this.clients) this.clients.send(client, text);
    }, this.options.statsDelayMs);
  }
}
