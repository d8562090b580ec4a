// The fault rules as app.ts builds them: one registry (the engine's
// FaultPolicy), with Mailpit chaos and MailHog Jim as views onto it.

import { Chaos, type ChaosTriggers } from "./chaos.js";
import { Jim } from "./jim.js";
import { FaultRegistry, type RuleSource } from "./registry.js";
import type { RuleSpec } from "./rule.js";

export interface Faults {
  registry: FaultRegistry;
  chaos: Chaos;
  jim: Jim;
}

export interface FaultsSetup {
  /** Rules from the command line and from the --faults file, in that order. */
  rules?: ReadonlyArray<{ spec: RuleSpec; source: RuleSource }>;
  enableChaos?: boolean;
  /** --chaos-triggers: set at start (and, as in Mailpit, enables chaos). */
  chaosTriggers?: ChaosTriggers | null;
}

export function createFaults(setup: FaultsSetup = {}): Faults {
  const registry = new FaultRegistry();
  for (const { spec, source } of setup.rules ?? []) registry.add(spec, source);
  const triggers = setup.chaosTriggers ?? null;
  const chaos = new Chaos(registry, setup.enableChaos === true || triggers !== null);
  if (triggers !== null) chaos.set(triggers);
  return { registry, chaos, jim: new Jim(registry) };
}
