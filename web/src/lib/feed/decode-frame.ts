// Feed frames arrive as text from the server; each is checked before it can
// touch the cache. Unknown or malformed frames are dropped, never thrown.
import type { FeedFrame } from "@mailscope/shared";
import { decodeEntry, decodeMessageSummary, decodeSessionSummary, decodeStats } from "../api/decode.js";
import { isRecord, ShapeError, str, strings } from "../api/guards.js";

function decodeData(type: string, data: unknown): FeedFrame | null {
  switch (type) {
    case "new":
      return { Type: "new", Data: decodeMessageSummary(data) };
    case "update": {
      if (!isRecord(data)) return null;
      const update: { ID: string; Read?: boolean; Tags?: string[] } = { ID: str(data, "ID") };
      if (typeof data["Read"] === "boolean") update.Read = data["Read"];
      if (Array.isArray(data["Tags"])) update.Tags = strings(data, "Tags");
      return { Type: "update", Data: update };
    }
    case "delete":
      return isRecord(data) ? { Type: "delete", Data: { ID: str(data, "ID") } } : null;
    case "prune":
      return isRecord(data) ? { Type: "prune", Data: { IDs: strings(data, "IDs") } } : null;
    case "truncate":
      return { Type: "truncate", Data: null };
    case "stats":
      return { Type: "stats", Data: decodeStats(data) };
    case "session":
      return { Type: "session", Data: decodeSessionSummary(data) };
    case "transcript":
      if (!isRecord(data)) return null;
      return { Type: "transcript", Data: { SessionID: str(data, "SessionID"), Entry: decodeEntry(data["Entry"]) } };
    case "sessions-cleared":
      return { Type: "sessions-cleared", Data: null };
    default:
      return null;
  }
}

export function decodeFrame(text: string): FeedFrame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  try {
    return decodeData(str(parsed, "Type"), parsed["Data"]);
  } catch (err: unknown) {
    if (err instanceof ShapeError) return null;
    throw err;
  }
}
