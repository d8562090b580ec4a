// Where the engine applies the fault policy. A stage asks only when the
// policy is active (one property read otherwise), then runs the decision:
// a reply instead of ours, a pause through the session's wait() so later
// pipelined replies stay behind it, or a drop. Every firing is one "fault"
// event naming the rule.

import libmime from "libmime";
import type { Reply } from "./replies.js";
import type { SmtpSession } from "./session.js";
import type { FaultAction, FaultDecision, FaultFacts, FaultStage } from "./types.js";

/** What a stage does with the outcome. */
export interface StageHooks {
  /** The normal successful path; `instead` is the positive reply a rule asked for. */
  accept(instead: Reply | null): void | Promise<void>;
  /** A rule refused (or dropped) the step: undo what the stage must, before the reply goes out. */
  refused?(why: string): void;
}

export const faultsOn = (s: SmtpSession): boolean => s.options.faults?.active === true;

const noHeader = (): undefined => undefined;

export function factsAt(s: SmtpSession, stage: FaultStage, given: Partial<Omit<FaultFacts, "stage">> = {}): FaultFacts {
  return {
    stage,
    clientAddress: s.clientAddress,
    helo: s.helo?.name ?? "",
    address: "",
    authUser: s.authUser,
    size: 0,
    header: noHeader,
    ...given,
  };
}

export function decide(s: SmtpSession, facts: FaultFacts): FaultDecision | null {
  return s.options.faults?.decide(facts) ?? null;
}

function describe(action: FaultAction): string {
  switch (action.kind) {
    case "reply":
      return `reply ${action.reply.code}`;
    case "drop":
      return "drop the connection";
    case "delay":
      return `pause ${action.ms} ms${action.then === null ? "" : `, then ${describe(action.then)}`}`;
  }
}

// Unref'd: the session's socket keeps the process alive; a pause must not outlive a shutdown.
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Asks the policy at a stage and runs what it decides (the caller has checked faultsOn). */
export function faultStep(s: SmtpSession, stage: FaultStage, given: Partial<Omit<FaultFacts, "stage">>, hooks: StageHooks): void | Promise<void> {
  const decision = decide(s, factsAt(s, stage, given));
  return decision === null ? hooks.accept(null) : applyFault(s, stage, decision, hooks);
}

/** Runs a decision at a stage; a promise when it pauses (the caller hands it to wait()). */
export function applyFault(s: SmtpSession, stage: FaultStage, decision: FaultDecision, hooks: StageHooks): void | Promise<void> {
  s.recorder.event("fault", `fault ${decision.rule} at ${stage}: ${describe(decision.action)}`);
  return run(s, stage, decision.rule, decision.action, hooks);
}

function run(s: SmtpSession, stage: FaultStage, rule: string, action: FaultAction, hooks: StageHooks): void | Promise<void> {
  if (action.kind === "delay") {
    const then = action.then;
    return pause(action.ms).then(() => {
      if (s.mode.kind === "closed") return; // the client left during the pause
      return then === null ? hooks.accept(null) : run(s, stage, rule, then, hooks);
    });
  }
  if (action.kind === "drop") {
    const why = `connection dropped by fault ${rule} at ${stage}`;
    hooks.refused?.(why);
    return s.drop(why);
  }
  const r = action.reply;
  // 221 and 421 say the server is closing (RFC 5321 4.2.2): it does.
  if (r.code === 221 || r.code === 421) {
    hooks.refused?.(`refused by fault ${rule}: ${r.code}`);
    return s.closeWith(r, "fault");
  }
  if (r.code < 400) return hooks.accept(r);
  hooks.refused?.(`refused by fault ${rule}: ${r.code}`);
  s.send(r);
}

/** A message's header values for rules that match on one; parsed on first use only. */
export function headerReader(raw: Buffer): (name: string) => string | undefined {
  let headers: Map<string, string> | null = null;
  return (name) => {
    headers ??= readHeaders(raw);
    return headers.get(name.toLowerCase());
  };
}

function readHeaders(raw: Buffer): Map<string, string> {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const end = [crlf, lf].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), Math.min(raw.length, 256 * 1024));
  const text = raw.subarray(0, end).toString("utf8").replace(/\r?\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (headers.has(name)) continue;
    const value = line.slice(colon + 1).trim();
    let decoded = value;
    try {
      decoded = libmime.decodeWords(value);
    } catch {
      // a broken encoded word is matched as written
    }
    headers.set(name, decoded);
  }
  return headers;
}
