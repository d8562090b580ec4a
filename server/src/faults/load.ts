// --faults <file.json>: a JSON list of rules, each in the shape POST
// /api/v1/faults takes. Read once at start; an error names the rule and field.

import { readFile } from "node:fs/promises";
import { parseRule, RuleError, type RuleSpec } from "./rule.js";

export function parseRuleList(text: string): RuleSpec[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new RuleError(`not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(json)) throw new RuleError("expected a JSON list of rules");
  return json.map((item: unknown, i) => {
    try {
      return parseRule(item);
    } catch (err) {
      throw new RuleError(`rule ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

export async function readRulesFile(path: string): Promise<RuleSpec[]> {
  return parseRuleList(await readFile(path, "utf8"));
}
