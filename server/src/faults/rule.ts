// A fault rule as users write it (JSON file, POST body) and as the API lists
// it. parseRule is the one place input becomes a rule: every source (file,
// command line, API, Mailpit chaos, MailHog Jim) goes through it, so a rule
// that exists is a rule the engine can apply.

import type { FaultStage } from "../smtp/types.js";

export const STAGES = ["connect", "helo", "auth", "mail", "rcpt", "data", "data-end"] as const satisfies readonly FaultStage[];
/** "any" is every stage: MailHog's random disconnect can strike at any command. */
export type RuleStage = FaultStage | "any";

export interface ReplySpec {
  Type: "reply";
  Code: number;
  /** RFC 3463 code; omitted picks one for the code and stage, "" sends none. */
  Enhanced?: string;
  /** Omitted uses the code's usual text; "\n" separates the lines of a multi-line reply. */
  Text?: string;
}

export interface DropSpec {
  Type: "drop";
}

export interface DelaySpec {
  Type: "delay";
  Ms: number;
  /** A slow link: add the message size over this rate (end of data only). */
  BytesPerSecond?: number;
  /** With BytesPerSecond: the rate is drawn between the two on each firing. */
  BytesPerSecondMax?: number;
  /** After the pause: this reply or a drop; omitted goes on as normal. */
  Then?: ReplySpec | DropSpec;
}

export type ActionSpec = ReplySpec | DropSpec | DelaySpec;

/** Every field given must match. Patterns are globs (* and ?), case-insensitive. */
export interface MatchSpec {
  /** MAIL or RCPT address. */
  Address?: string;
  /** The domain of the MAIL or RCPT address. */
  Domain?: string;
  /** The AUTH user (at AUTH: the one authenticating; later: the authenticated one). */
  User?: string;
  /** The client's IP address. */
  Client?: string;
  /** The HELO/EHLO name. */
  Helo?: string;
  /** End of data: a header that must be present... */
  Header?: string;
  /** ...and its value (decoded, unfolded). */
  Value?: string;
}

export interface RuleSpec {
  Name?: string;
  Stage: RuleStage;
  Match?: MatchSpec;
  Action: ActionSpec;
  /** Fire only the next N times; omitted: every time. */
  Times?: number;
  /** Chance of firing when it matches, 0 to 1; omitted: 1. */
  Probability?: number;
  /** Seed of the rule's own random numbers, so a probability gives the same outcomes run after run. */
  Seed?: number;
}

export class RuleError extends Error {}

const MATCH_KEYS = ["Address", "Domain", "User", "Client", "Helo", "Header", "Value"] as const;
const MAX_DELAY_MS = 600_000;
/** The positive replies that fit each stage: anything else would leave the client lost. */
const POSITIVE: Record<RuleStage, readonly number[]> = {
  connect: [220],
  helo: [250],
  auth: [235],
  mail: [250],
  rcpt: [250, 251],
  data: [354],
  "data-end": [250],
  any: [],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function fields(v: unknown, where: string, allowed: readonly string[]): Obj {
  if (!isObj(v)) throw new RuleError(`${where}: expected an object`);
  const extra = Object.keys(v).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new RuleError(`${where}: unknown field ${JSON.stringify(extra)} (expected ${allowed.join(", ")})`);
  return v;
}

function int(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) throw new RuleError(`${where}: expected a whole number from ${min} to ${max}`);
  return v;
}

function text(v: unknown, where: string, max = 200): string {
  if (typeof v !== "string" || v.length > max) throw new RuleError(`${where}: expected a string of at most ${max} characters`);
  // CR and other controls would let a rule write raw protocol onto the wire.
  if (/[\x00-\x09\x0b-\x1f\x7f]/.test(v)) throw new RuleError(`${where}: control characters are not allowed`);
  return v;
}

function parseReply(v: unknown, where: string, stage: RuleStage): ReplySpec {
  const o = fields(v, where, ["Type", "Code", "Enhanced", "Text"]);
  const code = int(o["Code"], `${where}.Code`, 200, 599);
  const closes = code === 221 || code === 421;
  if (code < 400 && !closes && !POSITIVE[stage].includes(code)) {
    const fits = POSITIVE[stage].length > 0 ? `${POSITIVE[stage].join(" or ")}, ` : "";
    throw new RuleError(`${where}.Code: ${code} does not fit stage ${stage}; use ${fits}221, or 400 to 599`);
  }
  const spec: ReplySpec = { Type: "reply", Code: code };
  if (o["Enhanced"] !== undefined) {
    const enhanced = text(o["Enhanced"], `${where}.Enhanced`, 11);
    if (enhanced !== "" && !new RegExp(`^${String(code)[0]}\\.\\d{1,3}\\.\\d{1,3}$`).test(enhanced)) {
      throw new RuleError(`${where}.Enhanced: expected "" or class.subject.detail starting with ${String(code)[0]}, like ${String(code)[0]}.1.1`);
    }
    spec.Enhanced = enhanced;
  }
  if (o["Text"] !== undefined) {
    const t = text(o["Text"], `${where}.Text`, 1000);
    if (t.split("\n").some((line) => line.length > 500)) throw new RuleError(`${where}.Text: reply lines are at most 500 characters`);
    spec.Text = t;
  }
  return spec;
}

function parseAction(v: unknown, where: string, stage: RuleStage, nested = false): ActionSpec {
  if (!isObj(v)) throw new RuleError(`${where}: expected an object`);
  switch (v["Type"]) {
    case "reply":
      return parseReply(v, where, stage);
    case "drop":
      fields(v, where, ["Type"]);
      return { Type: "drop" };
    case "delay": {
      if (nested) throw new RuleError(`${where}: a delay cannot follow a delay`);
      const o = fields(v, where, ["Type", "Ms", "BytesPerSecond", "BytesPerSecondMax", "Then"]);
      const spec: DelaySpec = { Type: "delay", Ms: int(o["Ms"], `${where}.Ms`, 0, MAX_DELAY_MS) };
      if (o["BytesPerSecond"] !== undefined) spec.BytesPerSecond = int(o["BytesPerSecond"], `${where}.BytesPerSecond`, 1, 1e9);
      if (o["BytesPerSecondMax"] !== undefined) {
        if (spec.BytesPerSecond === undefined) throw new RuleError(`${where}.BytesPerSecondMax: needs BytesPerSecond`);
        spec.BytesPerSecondMax = int(o["BytesPerSecondMax"], `${where}.BytesPerSecondMax`, spec.BytesPerSecond, 1e9);
      }
      if (o["Then"] !== undefined) {
        const then = parseAction(o["Then"], `${where}.Then`, stage, true);
        if (then.Type === "delay") throw new RuleError(`${where}.Then: a delay cannot follow a delay`);
        spec.Then = then;
      }
      return spec;
    }
    default:
      throw new RuleError(`${where}.Type: expected "reply", "delay" or "drop"`);
  }
}

function parseMatch(v: unknown, stage: RuleStage): MatchSpec {
  const o = fields(v, "Match", MATCH_KEYS);
  const match: MatchSpec = {};
  for (const key of MATCH_KEYS) {
    if (o[key] !== undefined) match[key] = text(o[key], `Match.${key}`);
  }
  const onAddress = stage === "mail" || stage === "rcpt";
  if ((match.Address !== undefined || match.Domain !== undefined) && !onAddress) throw new RuleError(`Match: Address and Domain apply at stage mail or rcpt, not ${stage}`);
  if ((match.Header !== undefined || match.Value !== undefined) && stage !== "data-end") throw new RuleError(`Match: Header and Value apply at stage data-end, not ${stage}`);
  if (match.Value !== undefined && match.Header === undefined) throw new RuleError("Match.Value: needs Header");
  if (match.Header !== undefined && !/^[\x21-\x39\x3b-\x7e]+$/.test(match.Header)) throw new RuleError("Match.Header: expected a header name");
  return match;
}

/** Checks a rule from any source; throws RuleError saying what is wrong. */
export function parseRule(input: unknown): RuleSpec {
  const o = fields(input, "rule", ["Name", "Stage", "Match", "Action", "Times", "Probability", "Seed"]);
  const stage = o["Stage"];
  if (typeof stage !== "string" || !(stage === "any" || (STAGES as readonly string[]).includes(stage))) {
    throw new RuleError(`Stage: expected one of ${STAGES.join(", ")} or any`);
  }
  const s = stage as RuleStage;
  const rule: RuleSpec = { Stage: s, Action: parseAction(o["Action"], "Action", s) };
  if (o["Name"] !== undefined) rule.Name = text(o["Name"], "Name", 100);
  if (o["Match"] !== undefined) rule.Match = parseMatch(o["Match"], s);
  if (o["Times"] !== undefined) rule.Times = int(o["Times"], "Times", 1, 1e9);
  if (o["Probability"] !== undefined) {
    const p = o["Probability"];
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RuleError("Probability: expected a number from 0 to 1");
    rule.Probability = p;
  }
  if (o["Seed"] !== undefined) rule.Seed = int(o["Seed"], "Seed", 0, 2 ** 32 - 1);
  return rule;
}
