// A rule in words: where it applies, what it matches, what it does, how often.
// Pure, so the panel's wording is one place and the components stay layout.
import type { DelayAction, FaultRule, ReplyAction } from "../api/decode-rule.js";

const STAGES: Record<string, string> = {
  connect: "Connect",
  helo: "HELO/EHLO",
  auth: "AUTH",
  mail: "MAIL FROM",
  rcpt: "RCPT TO",
  data: "DATA",
  "data-end": "End of data",
  any: "Any step",
};

export function stageLabel(stage: string): string {
  return STAGES[stage] ?? stage;
}

/** The rule's name, or one made from its ID: the remove button needs a name either way. */
export function ruleTitle(r: FaultRule): string {
  return r.Name !== "" ? r.Name : `Rule ${r.ID}`;
}

export interface MatchPart {
  label: string;
  value: string;
}

/** What a rule matches, one fact per part; empty when it matches everything at its stage. */
export function matchParts(r: FaultRule): MatchPart[] {
  const m = r.Match;
  // The same Address field means the sender at MAIL and the recipient at RCPT.
  const who = r.Stage === "mail" ? "Sender" : r.Stage === "rcpt" ? "Recipient" : "Address";
  const parts: MatchPart[] = [];
  if (m.Address !== undefined) parts.push({ label: who, value: m.Address });
  if (m.Domain !== undefined) parts.push({ label: `${who} domain`, value: m.Domain });
  if (m.User !== undefined) parts.push({ label: "AUTH user", value: m.User });
  if (m.Client !== undefined) parts.push({ label: "Client", value: m.Client });
  if (m.Helo !== undefined) parts.push({ label: "HELO name", value: m.Helo });
  if (m.Header !== undefined) parts.push({ label: "Header", value: m.Value !== undefined ? `${m.Header}: ${m.Value}` : `${m.Header} (any value)` });
  return parts;
}

export type Tone = "ok" | "warn" | "bad" | "info";

/** Colour by what the client will make of it: 5xx fails for good, 4xx asks for a retry. */
export function replyTone(code: number): Tone {
  if (code >= 500) return "bad";
  if (code >= 400) return "warn";
  return "ok";
}

/** "550 5.1.1": the code as the client sees it; the server adds an enhanced code when none was given. */
export function replyCode(a: ReplyAction): string {
  return a.Enhanced !== null && a.Enhanced !== "" ? `${a.Code} ${a.Enhanced}` : String(a.Code);
}

/** 221 and 421 also close the connection: worth saying, since the client's next step fails too. */
export function replyNote(a: ReplyAction): string {
  const closes = a.Code === 221 || a.Code === 421 ? " and close the connection" : "";
  return a.Text !== null ? `${a.Text}${closes === "" ? "" : ` (${closes.trim()})`}` : `the code's usual text${closes}`;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** "Wait 2 s", with the slow-link rate when there is one. */
export function delayText(a: DelayAction): string {
  const rate =
    a.BytesPerSecond === null
      ? ""
      : a.BytesPerSecondMax !== null && a.BytesPerSecondMax !== a.BytesPerSecond
        ? ` plus the message at ${a.BytesPerSecond.toLocaleString()}–${a.BytesPerSecondMax.toLocaleString()} B/s`
        : ` plus the message at ${a.BytesPerSecond.toLocaleString()} B/s`;
  return `Wait ${duration(a.Ms)}${rate}`;
}

function percent(p: number): string {
  return `${Math.round(p * 1000) / 10}%`;
}

/** How often: always, the next N times, with a chance, or spent. */
export function frequencyText(r: FaultRule): string {
  const parts: string[] = [];
  if (r.Times !== null) {
    const left = r.Remaining ?? r.Times;
    parts.push(left === 0 ? `spent (all ${r.Times} used)` : `${left} of ${r.Times} left`);
  }
  if (r.Probability !== null) parts.push(`${percent(r.Probability)} chance, seed ${r.Seed}`);
  if (parts.length === 0) return "Always";
  const text = parts.join(" · ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function isSpent(r: FaultRule): boolean {
  return r.Remaining === 0;
}
