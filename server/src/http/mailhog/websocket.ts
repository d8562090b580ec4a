// MailHog's websocket at /api/v2/websocket: each new message, pushed as
// MailHog's Message (one JSON text frame per message, nothing else). A small
// adapter beside our feed hub, on the same terms: it subscribes to the store
// only while a client listens, removes its listener when the last one goes,
// drops a client that cannot keep up, and checks the Origin like /api/events
// (MailHog accepts any Origin; a page on another site must not read the mail).

import type { FastifyInstance } from "fastify";
import type { MemoryStore } from "../../store/memory-store.js";
import type { StoreEvent, StoredMessage } from "../../store/types.js";
import { Fanout, type FeedSocket } from "../feed/fanout.js";
import { refuseForeignOrigin, type OriginPolicy } from "../feed/origin.js";
import { mailhogMessage } from "./shapes.js";

export class MailHogSocketFeed {
  private readonly clients: Fanout<{ socket: FeedSocket }>;
  /** The fan-out's client for each socket: the route hands us sockets. */
  private readonly bySocket = new Map<FeedSocket, { socket: FeedSocket }>();

  constructor(store: MemoryStore, maxBuffered: number) {
    this.clients = new Fanout(store, (e) => this.onEvent(e), maxBuffered);
  }

  get size(): number {
    return this.clients.size;
  }

  add(socket: FeedSocket): void {
    const client = { socket };
    this.bySocket.set(socket, client);
    this.clients.add(client);
  }

  remove(socket: FeedSocket): void {
    const client = this.bySocket.get(socket);
    if (client === undefined) return;
    this.bySocket.delete(socket);
    this.clients.remove(client);
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
    for (const client of this.clients) this.clients.send(client, text);
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
