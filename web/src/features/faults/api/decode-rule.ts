// A fault rule as GET /api/v1/faults lists it (the server's RuleViewSchema),
// checked field by field. Web-only until the shared package has the type.
// Optional wire fields become null here: with exactOptionalPropertyTypes a
// null is simpler to pass around than a key that may be missing.
import { each, isRecord, list, num, record, requiredStr, str, type Obj } from "../../../lib/api/guards.js";

export interface ReplyAction {
  Type: "reply";
  Code: number;
  /** null: the server picks one for the code and stage; "": none is sent. */
  Enhanced: string | null;
  /** null: the code's usual text. */
  Text: string | null;
}

export interface DropAction {
  Type: "drop";
}

export interface DelayAction {
  Type: "delay";
  Ms: number;
  BytesPerSecond: number | null;
  BytesPerSecondMax: number | null;
  /** null: the step goes on as normal after the pause. */
  Then: ReplyAction | DropAction | null;
}

/** An action a newer server knows and this UI does not: still listed, and still removable. */
export interface OtherAction {
  Type: "other";
  Name: string;
}

export type FaultAction = ReplyAction | DropAction | DelayAction | OtherAction;

export const MATCH_KEYS = ["Address", "Domain", "User", "Client", "Helo", "Header", "Value"] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

export interface FaultRule {
  ID: string;
  /** "" when the rule was given none. */
  Name: string;
  Stage: string;
  Match: Partial<Record<MatchKey, string>>;
  Action: FaultAction;
  Times: number | null;
  Probability: number | null;
  Source: string;
  Seed: number;
  Fired: number;
  /** Firings left for a rule with Times; null for one that always applies. */
  Remaining: number | null;
  Created: string;
}

export interface FaultList {
  total: number;
  rules: FaultRule[];
}

function numOrNull(o: Obj, key: string): number | null {
  const v = o[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function strOrNull(o: Obj, key: string): string | null {
  const v = o[key];
  return typeof v === "string" ? v : null;
}

function decodeReply(o: Obj): ReplyAction {
  return { Type: "reply", Code: num(o, "Code"), Enhanced: strOrNull(o, "Enhanced"), Text: strOrNull(o, "Text") };
}

function decodeAction(v: unknown): FaultAction {
  const o = record(v, "fault action");
  switch (o["Type"]) {
    case "reply":
      return decodeReply(o);
    case "drop":
      return { Type: "drop" };
    case "delay": {
      const then = o["Then"];
      return {
        Type: "delay",
        Ms: num(o, "Ms"),
        BytesPerSecond: numOrNull(o, "BytesPerSecond"),
        BytesPerSecondMax: numOrNull(o, "BytesPerSecondMax"),
        Then: !isRecord(then) ? null : then["Type"] === "drop" ? { Type: "drop" } : then["Type"] === "reply" ? decodeReply(then) : null,
      };
    }
    default:
      return { Type: "other", Name: str(o, "Type") };
  }
}

function decodeMatch(v: unknown): FaultRule["Match"] {
  const match: FaultRule["Match"] = {};
  if (!isRecord(v)) return match;
  for (const key of MATCH_KEYS) {
    const value = v[key];
    if (typeof value === "string") match[key] = value;
  }
  return match;
}

export function decodeRule(v: unknown): FaultRule {
  const o = record(v, "fault rule");
  return {
    ID: requiredStr(o, "ID", "fault rule"),
    Name: str(o, "Name"),
    Stage: str(o, "Stage"),
    Match: decodeMatch(o["Match"]),
    // A rule without a readable action is still a rule that fires: list it rather than hide it.
    Action: isRecord(o["Action"]) ? decodeAction(o["Action"]) : { Type: "other", Name: "" },
    Times: numOrNull(o, "Times"),
    Probability: numOrNull(o, "Probability"),
    Source: str(o, "Source"),
    Seed: num(o, "Seed"),
    Fired: num(o, "Fired"),
    Remaining: numOrNull(o, "Remaining"),
    Created: str(o, "Created"),
  };
}

export function decodeFaultList(v: unknown): FaultList {
  const o = record(v, "fault rules");
  const rules = each(list(o, "rules"), decodeRule);
  return { total: typeof o["total"] === "number" ? num(o, "total") : rules.length, rules };
}
