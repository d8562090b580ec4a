// The feed hub: subscribes to the store while at least one client listens
// (so an idle feed costs the SMTP path nothing), fans frames out, debounces
// the stats frame, and drops a client that cannot keep up rather than buffer
// without bound.

import type { FeedFrame, MailboxStats } from "@mailscope/shared";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoreEvent } from "../../store/types.js";
import { changesStats, framesFor } from "./frames.js";

/** What the hub needs of a socket: the ws WebSocket has all of it. */
export interface FeedSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

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
  private readonly clients = new Set<Client>();
  private unsubscribe: (() => void) | null = null;
  private statsTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: MemoryStore,
    private readonly options: HubOptions,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  add(socket: FeedSocket): Client {
    const client: Client = { socket, watching: null };
    this.clients.add(client);
    this.unsubscribe ??= this.store.subscribe((e) => this.onEvent(e));
    this.sendTo(client, JSON.stringify({ Type: "stats", Data: this.stats() } satisfies FeedFrame));
    return client;
  }

  remove(client: Client): void {
    this.clients.delete(client);
    if (this.clients.size > 0) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.statsTimer !== null) clearTimeout(this.statsTimer);
    this.statsTimer = null;
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
        this.sendTo(client, text);
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
      for (const client of this.clients) this.sendTo(client, text);
    }, this.options.statsDelayMs);
  }

  private sendTo(client: Client, text: string): void {
    if (client.socket.bufferedAmount > this.options.maxBuffered) {
      this.remove(client);
      client.socket.close(1013, "too slow: reconnect and refetch");
      return;
    }
    client.socket.send(text);
  }
}
