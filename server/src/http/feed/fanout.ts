// What every push socket over the store shares (our feed and MailHog's):
// listen to the store only while someone is connected, send to each client,
// and drop a client that cannot keep up rather than buffer for it forever.

import type { MemoryStore } from "../../store/memory-store.js";
import type { StoreEvent } from "../../store/types.js";

/** What a fan-out needs of a socket: the ws WebSocket has all of it. */
export interface FeedSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
}

export class Fanout<C extends { socket: FeedSocket }> {
  private readonly clients = new Set<C>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: MemoryStore,
    private readonly onEvent: (event: StoreEvent) => void,
    /** A client with more than this many bytes unsent is disconnected. */
    private readonly maxBuffered: number,
    /** Called when the last client leaves, to drop timers kept for them. */
    private readonly onIdle: () => void = () => {},
    /** Whether transcript lines (session-entry events) are wanted too. */
    private readonly wantsEntries = false,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  [Symbol.iterator](): IterableIterator<C> {
    return this.clients.values();
  }

  add(client: C): void {
    this.clients.add(client);
    this.unsubscribe ??= this.store.subscribe(this.onEvent, { entries: this.wantsEntries });
  }

  remove(client: C): void {
    this.clients.delete(client);
    if (this.clients.size > 0) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.onIdle();
  }

  send(client: C, text: string): void {
    if (client.socket.bufferedAmount > this.maxBuffered) {
      this.remove(client);
      client.socket.close(1013, "too slow: reconnect and refetch");
      return;
    }
    client.socket.send(text);
  }
}
