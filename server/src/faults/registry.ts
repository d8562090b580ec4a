// The live rules: app.ts hands this to the engine as its FaultPolicy, and the
// HTTP layer (our API, Mailpit chaos, MailHog Jim) edits it. Rules are tried
// in the order they were added; the first that matches and passes its
// chance fires, and only it.

import type { Reply } from "../smtp/replies.js";
import type { FaultAction, FaultDecision, FaultFacts, FaultPolicy, FaultStage } from "../smtp/types.js";
import { domainOf, glob } from "./pattern.js";
import { freshSeed, seeded, type Random } from "./prng.js";
import { defaultEnhanced, defaultText } from "./reply-defaults.js";
import type { ActionSpec, MatchSpec, ReplySpec, RuleSpec, RuleStage } from "./rule.js";

/** Who set a rule: shown in the API, and how chaos and Jim find their own. */
export type RuleSource = "api" | "cli" | "file" | "chaos" | "jim";

export interface RuleView extends Omit<RuleSpec, "Seed"> {
  ID: string;
  Source: RuleSource;
  /** The seed in use, drawn at random when the rule gave none: set it to repeat a run. */
  Seed: number;
  /** Times the rule has fired. */
  Fired: number;
  /** Firings left for a rule with Times; null for one that always applies. A spent rule stays listed. */
  Remaining: number | null;
  Created: string;
}

interface LiveRule {
  readonly id: string;
  readonly spec: RuleSpec;
  readonly stage: RuleStage;
  readonly source: RuleSource;
  readonly seed: number;
  readonly created: Date;
  readonly matches: (facts: FaultFacts) => boolean;
  readonly random: Random;
  fired: number;
  remaining: number | null;
}

const MAX_DELAY_MS = 600_000;

/** IPv4 clients of a dual-stack listener show as ::ffff:a.b.c.d; rules are written with a.b.c.d. */
const plainIp = (address: string): string => (address.startsWith("::ffff:") ? address.slice(7) : address);

function compileMatch(m: MatchSpec | undefined): (facts: FaultFacts) => boolean {
  if (m === undefined) return () => true;
  const checks: Array<(f: FaultFacts) => boolean> = [];
  const on = (pattern: string | undefined, value: (f: FaultFacts) => string): void => {
    if (pattern === undefined) return;
    const test = glob(pattern);
    checks.push((f) => test(value(f)));
  };
  on(m.Address, (f) => f.address);
  on(m.Domain, (f) => domainOf(f.address));
  on(m.Client, (f) => plainIp(f.clientAddress));
  on(m.Helo, (f) => f.helo);
  if (m.User !== undefined) {
    const test = glob(m.User);
    checks.push((f) => f.authUser !== "" && test(f.authUser));
  }
  if (m.Header !== undefined) {
    const name = m.Header;
    const test = m.Value === undefined ? null : glob(m.Value);
    checks.push((f) => {
      const value = f.header(name);
      return value !== undefined && (test === null || test(value));
    });
  }
  return (f) => checks.every((check) => check(f));
}

function toReply(spec: ReplySpec, stage: FaultStage): Reply {
  const enhanced = spec.Enhanced === undefined ? defaultEnhanced(spec.Code, stage) : spec.Enhanced || undefined;
  const lines = (spec.Text ?? defaultText(spec.Code)).split("\n");
  return enhanced === undefined ? { code: spec.Code, lines } : { code: spec.Code, enhanced, lines };
}

function toAction(spec: ActionSpec, facts: FaultFacts, random: Random): FaultAction {
  switch (spec.Type) {
    case "reply":
      return { kind: "reply", reply: toReply(spec, facts.stage) };
    case "drop":
      return { kind: "drop" };
    case "delay": {
      let ms = spec.Ms;
      if (spec.BytesPerSecond !== undefined && facts.size > 0) {
        const low = spec.BytesPerSecond;
        const rate = spec.BytesPerSecondMax === undefined ? low : low + random() * (spec.BytesPerSecondMax - low);
        ms += Math.round((facts.size * 1000) / rate);
      }
      const then = spec.Then === undefined ? null : spec.Then.Type === "drop" ? ({ kind: "drop" } as const) : ({ kind: "reply", reply: toReply(spec.Then, facts.stage) } as const);
      return { kind: "delay", ms: Math.min(ms, MAX_DELAY_MS), then };
    }
  }
}

export class FaultRegistry implements FaultPolicy {
  private rules: LiveRule[] = [];
  private lastId = 0;
  private readonly clearListeners = new Set<() => void>();
  /** Read by the engine at every step: kept as a field, not computed. */
  active = false;

  add(spec: RuleSpec, source: RuleSource): RuleView {
    const seed = spec.Seed ?? freshSeed();
    const rule: LiveRule = {
      id: String(++this.lastId),
      spec,
      stage: spec.Stage,
      source,
      seed,
      created: new Date(),
      matches: compileMatch(spec.Match),
      random: seeded(seed),
      fired: 0,
      remaining: spec.Times ?? null,
    };
    this.rules.push(rule);
    this.refresh();
    return view(rule);
  }

  has(id: string): boolean {
    return this.rules.some((r) => r.id === id);
  }

  get(id: string): RuleView | undefined {
    const rule = this.rules.find((r) => r.id === id);
    return rule === undefined ? undefined : view(rule);
  }

  list(): RuleView[] {
    return this.rules.map(view);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.refresh();
    return this.rules.length < before;
  }

  /** Removes every rule, whoever set it; chaos and Jim hear of it and reset. */
  clear(): number {
    const count = this.rules.length;
    this.rules = [];
    this.refresh();
    for (const listener of this.clearListeners) listener();
    return count;
  }

  onClear(listener: () => void): void {
    this.clearListeners.add(listener);
  }

  decide(facts: FaultFacts): FaultDecision | null {
    for (const rule of this.rules) {
      if (rule.remaining === 0 || (rule.stage !== "any" && rule.stage !== facts.stage) || !rule.matches(facts)) continue;
      const p = rule.spec.Probability;
      // The draw happens only for a matching step, so a seeded rule's outcomes depend on its own steps alone.
      if (p !== undefined && p < 1 && !(rule.random() < p)) continue;
      rule.fired++;
      if (rule.remaining !== null && --rule.remaining === 0) this.refresh();
      return { rule: label(rule), action: toAction(rule.spec.Action, facts, rule.random) };
    }
    return null;
  }

  private refresh(): void {
    this.active = this.rules.some((r) => r.remaining !== 0);
  }
}

function label(rule: LiveRule): string {
  return rule.spec.Name === undefined ? `rule ${rule.id}` : `rule ${rule.id} ${JSON.stringify(rule.spec.Name)}`;
}

function view(rule: LiveRule): RuleView {
  const { Seed: _seed, ...spec } = rule.spec;
  return { ID: rule.id, ...spec, Source: rule.source, Seed: rule.seed, Fired: rule.fired, Remaining: rule.remaining, Created: rule.created.toISOString() };
}
