// The message's own span of its session's transcript. The server cuts it
// (GET /message/{ID}/transcript); a server without that endpoint still has
// the whole session, and the span is found in it: from the MAIL before the
// payload that became this message to the reply after it.
import type { SessionDetail, TranscriptEntry } from "@mailscope/shared";
import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import { getJson, isMissingRoute } from "../../../lib/api/client.js";
import { fetchSessionDetail } from "../../../lib/api/sessions.js";
import { keys } from "../../../lib/query-keys.js";
import { decodeTranscriptSpan } from "./decode.js";
import { messagePath } from "./get-message.js";
import type { MessageTranscript } from "./types.js";

export function spanOf(entries: readonly TranscriptEntry[], messageId: string): TranscriptEntry[] {
  const payload = entries.findIndex((e) => e.MessageID === messageId && e.Direction !== "event");
  if (payload < 0) return [];
  let first = payload;
  for (let i = payload; i >= 0; i--) {
    const e = entries[i];
    if (e?.Direction === "client" && /^MAIL FROM:/i.test(e.Text)) {
      first = i;
      break;
    }
  }
  let last = payload;
  for (let i = payload + 1; i < entries.length; i++) {
    const e = entries[i];
    if (e === undefined) break;
    last = i;
    if (e.Direction === "server") break;
  }
  return entries.slice(first, last + 1);
}

export function useMessageTranscript(id: string, sessionId: string | undefined): UseQueryResult<MessageTranscript> {
  return useQuery({
    queryKey: keys.messagePart(id, "transcript"),
    queryFn: async ({ signal }): Promise<MessageTranscript> => {
      try {
        const span = decodeTranscriptSpan(await getJson(`${messagePath(id)}/transcript`, signal));
        return { ...span, source: "api" };
      } catch (err: unknown) {
        if (!isMissingRoute(err) || sessionId === undefined || sessionId === "") throw err;
        const session = await fetchSessionDetail(sessionId, signal);
        return { SessionID: sessionId, Entries: spanOf(session.Transcript, id), source: "session" };
      }
    },
    staleTime: Infinity,
  });
}

/** The session that delivered the message: TLS, AUTH, client. Shared cache entry with the sessions view. */
export function useDeliveringSession(sessionId: string | undefined): UseQueryResult<SessionDetail> {
  return useQuery({
    queryKey: keys.session(sessionId ?? ""),
    queryFn: ({ signal }) => fetchSessionDetail(sessionId ?? "", signal),
    enabled: sessionId !== undefined && sessionId !== "",
  });
}
