// Domain -> wire: the one place that maps stored messages and sessions to
// the API's shapes (Mailpit's for messages, ours in the same style for sessions).

import type { Address, MessageSummary, SessionDetail, SessionSummary } from "@mailscope/shared";
import type { MailAddress } from "../store/header-summary.js";
import type { BodyDigest, StoredMessage, StoredSession } from "../store/types.js";

const address = (a: MailAddress): Address => ({ Name: a.name, Address: a.address });

/** `digest` comes from store.digest(m): the body facts the list shows, read on first need. */
export function messageSummary(m: StoredMessage, digest: BodyDigest): MessageSummary {
  const s = m.summary;
  return {
    ID: m.id,
    MessageID: s.messageId,
    Read: m.read,
    From: s.from === null ? null : address(s.from),
    To: s.to.map(address),
    Cc: s.cc.map(address),
    Bcc: m.bcc.map(address),
    ReplyTo: s.replyTo.map(address),
    Subject: s.subject,
    Created: new Date(m.receivedAt).toISOString(),
    Username: m.envelope.authUser,
    Tags: m.tags,
    Size: m.size,
    Attachments: digest.attachments,
    Snippet: digest.snippet,
    SessionID: m.sessionId,
  };
}

export function sessionSummary(s: StoredSession): SessionSummary {
  return {
    ID: s.id,
    ClientAddress: s.clientAddress,
    ClientPort: s.clientPort,
    ServerAddress: s.serverAddress,
    ServerPort: s.serverPort,
    Helo: s.helo,
    TLS: s.tls === null ? null : { Protocol: s.tls.protocol, Cipher: s.tls.cipher },
    AuthUser: s.authUser,
    Started: new Date(s.startedAt).toISOString(),
    Ended: s.endedAt === null ? "" : new Date(s.endedAt).toISOString(),
    CloseReason: s.closeReason ?? "",
    MessageIDs: [...s.messageIds],
    Error: s.error,
    Entries: s.transcript.length,
  };
}

export function sessionDetail(s: StoredSession): SessionDetail {
  return { ...sessionSummary(s), Transcript: s.transcript.toArray() };
}
