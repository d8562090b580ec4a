// One session with its transcript: the sessions view shows it, the message
// view reads its envelope facts from it. Both cache it under keys.session(id).
import type { SessionDetail } from "@mailscope/shared";
import { API, getJson } from "./client.js";
import { decodeSessionDetail } from "./decode.js";

export async function fetchSessionDetail(id: string, signal?: AbortSignal): Promise<SessionDetail> {
  return decodeSessionDetail(await getJson(`${API}/session/${encodeURIComponent(id)}`, signal));
}
