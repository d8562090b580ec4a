// Mailpit's /api/v1/info and /api/v1/webui, with our figures added in the
// same style (extra fields only: Mailpit clients ignore what they don't know).

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RelayConfig } from "../../relay/config.js";
import type { RuntimeStats } from "../../runtime-stats.js";
import type { MemoryStore } from "../../store/memory-store.js";

export interface InfoOptions {
  store: MemoryStore;
  stats: RuntimeStats;
  version: string;
  /** Where apps should send mail, as listened on. */
  smtpAddress: () => string;
  chaosEnabled: () => boolean;
  relay: RelayConfig | null;
  spamAssassin: boolean;
}

const Counts = Type.Record(Type.String(), Type.Integer());

const AppInformation = Type.Object({
  Version: Type.String(),
  LatestVersion: Type.String({ description: "Mailscope does not phone home: always the running version" }),
  Database: Type.String(),
  DatabaseSize: Type.Integer({ description: "Bytes of stored message sources" }),
  Messages: Type.Integer(),
  Unread: Type.Integer(),
  Tags: Counts,
  RuntimeStats: Type.Object({
    Uptime: Type.Integer(),
    Memory: Type.Integer(),
    MessagesDeleted: Type.Integer(),
    SMTPAccepted: Type.Integer(),
    SMTPAcceptedSize: Type.Integer(),
    SMTPRejected: Type.Integer(),
    SMTPIgnored: Type.Integer(),
    Pruned: Type.Integer({ description: "Mailscope: messages dropped by --max, --max-bytes or --max-age" }),
    Sessions: Type.Integer({ description: "Mailscope: SMTP sessions since start" }),
    SessionsStored: Type.Integer({ description: "Mailscope: sessions currently kept" }),
  }),
});

const WebUIConfiguration = Type.Object({
  Label: Type.String(),
  MessageRelay: Type.Object({ Enabled: Type.Boolean(), SMTPServer: Type.String(), ReturnPath: Type.String(), AllowedRecipients: Type.String(), BlockedRecipients: Type.String(), OverrideFrom: Type.String(), PreserveMessageIDs: Type.Boolean() }),
  SpamAssassin: Type.Boolean(),
  ChaosEnabled: Type.Boolean(),
  DuplicatesIgnored: Type.Boolean(),
  HideDeleteAllButton: Type.Boolean(),
  SMTPAddress: Type.String({ description: "Mailscope: the SMTP address to send to" }),
  Version: Type.String(),
});


export const infoRoutes: FastifyPluginAsyncTypebox<InfoOptions> = async (app, o) => {
  app.get("/api/v1/info", { schema: { response: { 200: AppInformation } } }, async () => {
    await o.store.summariesReady(); // for the tag totals
    return {
      Version: o.version,
      LatestVersion: o.version,
      Database: "(memory)",
      DatabaseSize: o.store.messageBytes,
      Messages: o.store.messageCount,
      Unread: o.store.unreadCount,
      Tags: o.store.tagTotals(),
      RuntimeStats: {
        Uptime: o.stats.uptimeSeconds,
        Memory: process.memoryUsage().rss,
        MessagesDeleted: o.stats.messagesDeleted,
        SMTPAccepted: o.stats.smtpAccepted,
        SMTPAcceptedSize: o.stats.smtpAcceptedSize,
        SMTPRejected: o.stats.smtpRejected,
        SMTPIgnored: 0,
        Pruned: o.store.prunedMessages,
        Sessions: o.stats.sessions,
        SessionsStored: o.store.listSessions(0, 0).total,
      },
    };
  });

  app.get("/api/v1/webui", { schema: { response: { 200: WebUIConfiguration } } }, async () => ({
    Label: "",
    MessageRelay: {
      Enabled: o.relay !== null,
      SMTPServer: o.relay === null ? "" : `${o.relay.host}:${o.relay.port}`,
      ReturnPath: o.relay?.returnPath ?? "",
      AllowedRecipients: o.relay?.allowedRecipients?.source ?? "",
      BlockedRecipients: o.relay?.blockedRecipients?.source ?? "",
      OverrideFrom: "",
      PreserveMessageIDs: false,
    },
    SpamAssassin: o.spamAssassin,
    ChaosEnabled: o.chaosEnabled(),
    DuplicatesIgnored: false,
    HideDeleteAllButton: false,
    SMTPAddress: o.smtpAddress(),
    Version: o.version,
  }));
};
