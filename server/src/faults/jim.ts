// MailHog's chaos monkey, Jim (/api/v2/jim), as rules. Each behaviour with a
// chance above zero becomes one rule, tried in MailHog's order: refuse the
// connection, random disconnect, slow link, reject sender, recipient, auth.

import type { FaultRegistry } from "./registry.js";
import { parseRule, type RuleSpec } from "./rule.js";

export interface JimSettings {
  DisconnectChance: number;
  AcceptChance: number;
  LinkSpeedAffect: number;
  LinkSpeedMin: number;
  LinkSpeedMax: number;
  RejectSenderChance: number;
  RejectRecipientChance: number;
  RejectAuthChance: number;
}

/** `mailhog -invite-jim` with no other flags: what POST with no body turns on. */
export const MAILHOG_DEFAULTS: Readonly<JimSettings> = Object.freeze({
  DisconnectChance: 0.005,
  AcceptChance: 0.99,
  LinkSpeedAffect: 0.1,
  LinkSpeedMin: 1024,
  LinkSpeedMax: 10240,
  RejectSenderChance: 0.05,
  RejectRecipientChance: 0.05,
  RejectAuthChance: 0.05,
});

/**
 * What a field left out of a body means. MailHog's Go decoder leaves it 0, so
 * a body without AcceptChance refuses every connection; here a field left out
 * is that behaviour switched off, which is what such bodies mean.
 */
const OFF: Readonly<JimSettings> = Object.freeze({
  DisconnectChance: 0,
  AcceptChance: 1,
  LinkSpeedAffect: 0,
  LinkSpeedMin: 1024,
  LinkSpeedMax: 10240,
  RejectSenderChance: 0,
  RejectRecipientChance: 0,
  RejectAuthChance: 0,
});

const KEYS = Object.keys(OFF) as Array<keyof JimSettings>;
const CHANCES = KEYS.filter((k) => k !== "LinkSpeedMin" && k !== "LinkSpeedMax");

export class JimError extends Error {}

export function parseJim(input: unknown): JimSettings {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new JimError("expected a JSON object of Jim settings");
  const body = input as Record<string, unknown>;
  const out: JimSettings = { ...OFF };
  for (const key of KEYS) {
    const v = body[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new JimError(`${key}: expected a number`);
    out[key] = v;
  }
  for (const key of CHANCES) if (out[key] < 0 || out[key] > 1) throw new JimError(`${key}: expected a chance from 0 to 1`);
  if (out.LinkSpeedMin < 1 || out.LinkSpeedMax < out.LinkSpeedMin) throw new JimError("LinkSpeedMin and LinkSpeedMax: expected 1 <= LinkSpeedMin <= LinkSpeedMax (bytes per second)");
  return out;
}

function rulesFor(j: JimSettings): Array<{ key: keyof JimSettings; spec: unknown }> {
  const reply = (Code: number, Text: string): unknown => ({ Type: "reply", Code, Text });
  const rules: Array<{ key: keyof JimSettings; chance: number; spec: Record<string, unknown> }> = [
    { key: "AcceptChance", chance: 1 - j.AcceptChance, spec: { Name: "MailHog Jim: refuse connection", Stage: "connect", Action: { Type: "drop" } } },
    { key: "DisconnectChance", chance: j.DisconnectChance, spec: { Name: "MailHog Jim: disconnect", Stage: "any", Action: { Type: "drop" } } },
    {
      key: "LinkSpeedAffect",
      chance: j.LinkSpeedAffect,
      spec: { Name: "MailHog Jim: slow link", Stage: "data-end", Action: { Type: "delay", Ms: 0, BytesPerSecond: Math.round(j.LinkSpeedMin), BytesPerSecondMax: Math.round(j.LinkSpeedMax) } },
    },
    { key: "RejectSenderChance", chance: j.RejectSenderChance, spec: { Name: "MailHog Jim: reject sender", Stage: "mail", Action: reply(550, "Invalid sender") } },
    { key: "RejectRecipientChance", chance: j.RejectRecipientChance, spec: { Name: "MailHog Jim: reject recipient", Stage: "rcpt", Action: reply(550, "Invalid recipient") } },
    { key: "RejectAuthChance", chance: j.RejectAuthChance, spec: { Name: "MailHog Jim: reject auth", Stage: "auth", Action: reply(535, "Authentication credentials invalid") } },
  ];
  // Rounded to what a float can say exactly enough: 1 - 0.99 is 0.010000000000000009.
  return rules.filter((r) => r.chance > 0).map((r) => ({ key: r.key, spec: { ...r.spec, Probability: Math.min(1, Math.round(r.chance * 1e9) / 1e9) } }));
}

export class Jim {
  private settings: JimSettings | null = null;
  private ruleIds = new Map<keyof JimSettings, string>();

  constructor(private readonly registry: FaultRegistry) {
    // DELETE /api/v1/faults clears everything: Jim goes home too.
    registry.onClear(() => {
      this.settings = null;
      this.ruleIds.clear();
    });
  }

  get on(): boolean {
    return this.settings !== null;
  }

  /** The settings in force; a behaviour whose rule was removed by ID reads as off. Null while Jim is off. */
  get(): JimSettings | null {
    if (this.settings === null) return null;
    const out = { ...this.settings };
    for (const [key, id] of this.ruleIds) if (!this.registry.has(id)) out[key] = OFF[key];
    return out;
  }

  /** Turns Jim on or changes him; the settings must already be checked. */
  set(settings: JimSettings): void {
    this.removeRules();
    this.settings = settings;
    for (const { key, spec } of rulesFor(settings)) {
      const rule: RuleSpec = parseRule(spec);
      this.ruleIds.set(key, this.registry.add(rule, "jim").ID);
    }
  }

  off(): void {
    this.removeRules();
    this.settings = null;
  }

  private removeRules(): void {
    for (const id of this.ruleIds.values()) this.registry.remove(id);
    this.ruleIds.clear();
  }
}
