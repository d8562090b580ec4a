// Mailpit's chaos triggers (GET/PUT /api/v1/chaos, --chaos-triggers) as
// rules: each trigger with a non-zero probability is one rule in the
// registry, so chaos shows in GET /api/v1/faults, in transcripts, and goes
// away with DELETE /api/v1/faults like any other rule.

import type { FaultStage } from "../smtp/types.js";
import type { FaultRegistry } from "./registry.js";
import { parseRule } from "./rule.js";

export const CHAOS_KEYS = ["Sender", "Recipient", "Authentication"] as const;
export type ChaosKey = (typeof CHAOS_KEYS)[number];

export interface ChaosTrigger {
  ErrorCode: number;
  /** Percent, 0 to 100. */
  Probability: number;
}

export type ChaosTriggers = Record<ChaosKey, ChaosTrigger>;

/** Where Mailpit fires each trigger, its default code and its reply text. */
const TRIGGERS: Record<ChaosKey, { stage: FaultStage; code: number; text: string }> = {
  Sender: { stage: "mail", code: 451, text: "Chaos sender error" },
  Recipient: { stage: "rcpt", code: 451, text: "Chaos recipient error" },
  Authentication: { stage: "auth", code: 535, text: "Chaos authentication error" },
};

/** Mailpit's wording, so clients that show the error show the same text. */
export class ChaosError extends Error {}

const defaults = (): ChaosTriggers => ({
  Sender: { ErrorCode: TRIGGERS.Sender.code, Probability: 0 },
  Recipient: { ErrorCode: TRIGGERS.Recipient.code, Probability: 0 },
  Authentication: { ErrorCode: TRIGGERS.Authentication.code, Probability: 0 },
});

function wholeNumber(v: unknown, where: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ChaosError(`${where}: expected a whole number`);
  return v;
}

/** A PUT body: omitted triggers are reset, an omitted or zero ErrorCode takes the default (as Mailpit does). */
export function parseTriggers(input: unknown): ChaosTriggers {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new ChaosError("expected a JSON object of triggers");
  const body = input as Record<string, unknown>;
  const out = defaults();
  for (const key of CHAOS_KEYS) {
    const raw = body[key];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== "object" || Array.isArray(raw)) throw new ChaosError(`${key}: expected an object with ErrorCode and Probability`);
    const t = raw as Record<string, unknown>;
    const code = wholeNumber(t["ErrorCode"], `${key}.ErrorCode`) || TRIGGERS[key].code;
    const probability = wholeNumber(t["Probability"], `${key}.Probability`);
    out[key] = { ErrorCode: code, Probability: probability };
  }
  for (const key of CHAOS_KEYS) {
    if (out[key].ErrorCode < 400 || out[key].ErrorCode > 599) throw new ChaosError("error code must be between 400 and 599");
    if (out[key].Probability < 0 || out[key].Probability > 100) throw new ChaosError("probability must be between 0 and 100");
  }
  return out;
}

/** Mailpit's --chaos-triggers: "Sender:451:10,Recipient:550:5,Authentication:535:20". */
export function parseTriggerList(text: string): ChaosTriggers {
  const body: Record<string, ChaosTrigger> = {};
  for (const item of text.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const m = /^(\w+):(\d{3}):(\d{1,3})$/.exec(item);
    const key = CHAOS_KEYS.find((k) => k.toLowerCase() === m?.[1]?.toLowerCase() || (k === "Recipient" && m?.[1]?.toLowerCase() === "recipients") || (k === "Authentication" && m?.[1]?.toLowerCase() === "auth"));
    if (!m || key === undefined) throw new ChaosError(`expected Sender|Recipient|Authentication:CODE:PERCENT, got ${JSON.stringify(item)}`);
    body[key] = { ErrorCode: Number(m[2]), Probability: Number(m[3]) };
  }
  return parseTriggers(body);
}

export class Chaos {
  private triggers = defaults();
  private ruleIds: Partial<Record<ChaosKey, string>> = {};

  constructor(
    private readonly registry: FaultRegistry,
    /** --enable-chaos; off, the API answers Mailpit's "Chaos is not enabled". */
    readonly enabled: boolean,
  ) {
    registry.onClear(() => {
      this.ruleIds = {};
    });
  }

  /** A trigger whose rule was removed (DELETE /api/v1/faults) reads as 0%. */
  get(): ChaosTriggers {
    const out = defaults();
    for (const key of CHAOS_KEYS) {
      const id = this.ruleIds[key];
      const live = id !== undefined && this.registry.has(id);
      out[key] = { ErrorCode: this.triggers[key].ErrorCode, Probability: live ? this.triggers[key].Probability : 0 };
    }
    return out;
  }

  /** Replaces all three triggers at once (checked before anything changes). */
  set(triggers: ChaosTriggers): ChaosTriggers {
    for (const id of Object.values(this.ruleIds)) this.registry.remove(id);
    this.ruleIds = {};
    this.triggers = triggers;
    for (const key of CHAOS_KEYS) {
      const { ErrorCode, Probability } = triggers[key];
      if (Probability === 0) continue;
      const t = TRIGGERS[key];
      const spec = parseRule({ Name: `Mailpit chaos ${key}`, Stage: t.stage, Action: { Type: "reply", Code: ErrorCode, Text: t.text }, Probability: Probability / 100 });
      this.ruleIds[key] = this.registry.add(spec, "chaos").ID;
    }
    return this.get();
  }
}
