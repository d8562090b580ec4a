// POST /api/v1/message/{ID}/release: send a captured message on through the
// relay given on the command line (Mailpit's release). Refused with a clear
// 400 when no relay is configured; the stored message is never changed.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RelayConfig } from "../../relay/config.js";
import { release, ReleaseRefused } from "../../relay/release.js";
import { headerBlock, headerList } from "../../store/header-summary.js";
import type { MemoryStore } from "../../store/memory-store.js";
import { lookupMessage } from "../message-lookup.js";
import { sendText } from "../plain-text.js";
import { MessageIdParams } from "../message-schemas.js";
import { ErrorText } from "../schemas.js";

export interface ReleaseOptions {
  store: MemoryStore;
  relay: RelayConfig | null;
  /** Our name in EHLO to the relay. */
  hostname: string;
}

export const NO_RELAY = "message relay is not enabled: start Mailscope with --smtp-relay-host host[:port] (see --help for the other --smtp-relay-* options)";

export const releaseRoutes: FastifyPluginAsyncTypebox<ReleaseOptions> = async (app, o) => {
  app.post(
    "/api/v1/message/:ID/release",
    {
      schema: {
        tags: ["message"],
        summary: "Release message (Mailpit): relay it to the given addresses through --smtp-relay-host",
        params: MessageIdParams,
        body: Type.Object({ To: Type.Array(Type.String({ maxLength: 320 }), { maxItems: 1000, description: "Addresses to relay the message to" }) }),
        response: { 200: Type.String(), 400: ErrorText, 404: ErrorText },
      },
    },
    async (req, reply) => {
      const relay = o.relay;
      if (relay === null) return sendText(reply, 400, NO_RELAY);
      const found = await lookupMessage(o.store, req.params.ID);
      if ("error" in found) return sendText(reply, found.status, found.error);
      const m = found.message;
      const sender = headerList(headerBlock(m.raw)).find((h) => h.name === "sender")?.value ?? "";
      try {
        await release(relay, o.hostname, { raw: m.raw, summary: m.summary, sender }, req.body.To);
      } catch (err) {
        if (err instanceof ReleaseRefused) return sendText(reply, 400, err.message);
        return sendText(reply, 400, `SMTP error: ${err instanceof Error ? err.message : String(err)}`);
      }
      return sendText(reply, 200, "ok");
    },
  );
};
