// The live feed at /api/events: a WebSocket that checks its Origin, then
// hands the socket to the hub. Clients may send {"Type":"watch"} frames.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FeedHub } from "../feed/hub.js";
import { refuseForeignOrigin, type OriginPolicy } from "../feed/origin.js";

export interface EventsOptions {
  hub: FeedHub;
  origins: OriginPolicy;
}

function watchTarget(data: unknown): string | null | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const frame = data as { Type?: unknown; Data?: { SessionID?: unknown } };
  if (frame.Type !== "watch") return undefined;
  const id = frame.Data?.SessionID;
  return typeof id === "string" || id === null ? id : undefined;
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventsOptions> = async (app, { hub, origins }) => {
  app.get(
    "/api/events",
    {
      websocket: true,
      preValidation: refuseForeignOrigin(origins),
    },
    (socket) => {
      const client = hub.add(socket);
      socket.on("message", (raw) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(raw));
        } catch {
          return; // the feed is one-way apart from watch frames; ignore anything else
        }
        const target = watchTarget(parsed);
        if (target !== undefined) hub.watch(client, target);
      });
      socket.on("close", () => hub.remove(client));
      socket.on("error", () => hub.remove(client));
    },
  );
};
