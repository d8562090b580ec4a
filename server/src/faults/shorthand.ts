// The --fault shorthand: one rule in one command-line word, for the common
// cases. Anything fancier goes in a --faults JSON file.
//
//   STAGE[:PATTERN]=ACTION[;OPTION...]
//
//   rcpt:bad@example.com=550 5.1.1 No such user
//   rcpt:@example.com=450;times=1          (a domain: the pattern starts with @)
//   mail=421                               (any sender; 421 closes the connection)
//   auth:alice=535
//   data-end:Subject:*urgent*=554          (a header and a glob on its value)
//   data-end=drop;p=0.1;seed=7
//   rcpt:*@slow.test=delay 2000 then 451
//   connect:10.0.0.*=554

import { STAGES, parseRule, RuleError, type RuleSpec, type RuleStage } from "./rule.js";

export const SHORTHAND_HELP = "STAGE[:PATTERN]=ACTION[;times=N][;p=0..1][;seed=N][;name=TEXT]; ACTION is CODE [x.y.z] [text], drop, or delay MS [then CODE ... | then drop]";

type Json = Record<string, unknown>;

/** The pattern means a different fact at each stage. */
function matchFor(stage: RuleStage, pattern: string): Json {
  switch (stage) {
    case "mail":
    case "rcpt":
      return pattern.startsWith("@") ? { Domain: pattern.slice(1) } : { Address: pattern };
    case "auth":
      return { User: pattern };
    case "helo":
      return { Helo: pattern };
    case "data-end": {
      const colon = pattern.indexOf(":");
      return colon < 0 ? { Header: pattern } : { Header: pattern.slice(0, colon), Value: pattern.slice(colon + 1) };
    }
    default:
      return { Client: pattern };
  }
}

function replyAction(words: string[]): Json {
  const [code = "", ...rest] = words;
  if (!/^\d{3}$/.test(code)) throw new RuleError(`expected a reply code, drop or delay, got ${JSON.stringify(words.join(" "))}`);
  const action: Json = { Type: "reply", Code: Number(code) };
  if (rest[0] !== undefined && /^\d\.\d{1,3}\.\d{1,3}$/.test(rest[0])) action["Enhanced"] = rest.shift();
  if (rest.length > 0) action["Text"] = rest.join(" ");
  return action;
}

function parseAction(text: string): Json {
  const words = text.trim().split(/\s+/);
  if (words[0] === "drop" && words.length === 1) return { Type: "drop" };
  if (words[0] !== "delay") return replyAction(words);
  const ms = words[1] ?? "";
  if (!/^\d+$/.test(ms)) throw new RuleError(`delay: expected milliseconds, got ${JSON.stringify(ms)}`);
  const action: Json = { Type: "delay", Ms: Number(ms) };
  if (words.length === 2) return action;
  if (words[2] !== "then" || words.length < 4) throw new RuleError(`delay: expected "delay MS" or "delay MS then ACTION"`);
  const then = words.slice(3);
  action["Then"] = then[0] === "drop" && then.length === 1 ? { Type: "drop" } : replyAction(then);
  return action;
}

function applyOption(rule: Json, option: string): void {
  const eq = option.indexOf("=");
  const key = (eq < 0 ? option : option.slice(0, eq)).trim().toLowerCase();
  const value = eq < 0 ? "" : option.slice(eq + 1).trim();
  const num = (): number => {
    if (!/^\d+(\.\d+)?$/.test(value)) throw new RuleError(`${key}: expected a number, got ${JSON.stringify(value)}`);
    return Number(value);
  };
  if (key === "times") rule["Times"] = num();
  else if (key === "p" || key === "probability") rule["Probability"] = num();
  else if (key === "seed") rule["Seed"] = num();
  else if (key === "name") rule["Name"] = value;
  else throw new RuleError(`unknown option ${JSON.stringify(key)} (expected times, p, seed or name)`);
}

/** One --fault value to a checked rule; throws RuleError naming what is wrong. */
export function parseShorthand(spec: string): RuleSpec {
  const eq = spec.indexOf("=");
  if (eq < 0) throw new RuleError(`expected ${SHORTHAND_HELP}`);
  const head = spec.slice(0, eq);
  const [actionText = "", ...options] = spec.slice(eq + 1).split(";");
  const colon = head.indexOf(":");
  const stage = (colon < 0 ? head : head.slice(0, colon)).trim().toLowerCase();
  if (!(stage === "any" || (STAGES as readonly string[]).includes(stage))) throw new RuleError(`stage: expected one of ${STAGES.join(", ")} or any, got ${JSON.stringify(stage)}`);
  const rule: Json = { Stage: stage, Action: parseAction(actionText) };
  if (colon >= 0) rule["Match"] = matchFor(stage as RuleStage, head.slice(colon + 1));
  for (const option of options) if (option.trim() !== "") applyOption(rule, option);
  return parseRule(rule);
}
