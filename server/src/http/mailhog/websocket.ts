// MailHog's websocket at /api/v2/websocket: each new message, pushed as
// MailHog's Message (one JSON text frame per message, nothing else). A small
// adapter beside our feed hub, on the same terms: it subscribes to the store
// only while a client listens, removes its listener when the last one goes,
// drops a client that cannot keep up, and checks the Origin like /api/events
// (MailHog accepts any Origin; a page on another site must not read the mail).

import type { FastifyInstance } from "fastify";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoreEvent, StoredMessage } from "../../store/types.js";
import type { FeedSocket } from "../feed/hub.js";
import { refuseForeignOrigin, type OriginPolicy } from "../feed/origin.js";
import { mailhogMessage } from "./shapes.js";

export class MailHogSocketFeed {
  private readonly clients = new Set<FeedSocket>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: MemoryStore,
    /** A client with more than this many bytes unsent is disconnected. */
    private readonly maxBuffered: number,
  ) {}

  get size(): number {
    return this.clients.size;
  }

  add(socket: FeedSocket): void {
    this.clients.add(socket);
    this.unsubscribe ??= this.store.subscribe((e) => this.onEvent(e));
  }

  remove(socket: FeedSocket): void {
    this.clients.delete(socket);
    if (this.clients.size > 0) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onEvent(event: StoreEvent): void {
    if (event.type !== "message-created") return;
    const message = event.message;
    // The store emits inside the SMTP reply path; building MailHog's shape (the whole body, twice) waits for the next turn.
    setImmediate(() => this.push(message));
  }

  private push(message: StoredMessage): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(mailhogMessage(message));
    for (const socket of this.clients) {
      if (socket.bufferedAmount > this.maxBuffered) {
        this.remove(socket);
        socket.close(1013, "too slow: reconnect and refetch");
        continue;
      }
      socket.send(text);
    }
  }
}

export function registerMailHogSocket(app: FastifyInstance, feed: MailHogSocketFeed, origins: OriginPolicy): void {
  app.get(
    "/api/v2/websocket",
    {
      websocket: true,
      schema: { tags: ["mailhog"], summary: "MailHog's websocket: each new message as MailHog's Message" },
      preValidation: refuseForeignOrigin(origins),
    },
    (socket) => {
      feed.add(socket);
      // MailHog's socket is one-way: whatever a client sends is read and ignored.
      socket.on("close", () => feed.remove(socket));
      socket.on("error", () => feed.remove(socket));
    },
  );
}
