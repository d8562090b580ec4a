// A spamc client: sends a message to spamd (SPAMC/1.5, REPORT) and reads back
// the score and the rules that fired, in Mailpit's SpamAssassinResponse shape.
// A spamd that cannot be reached or answers nonsense is reported in Error,
// as Mailpit does, not thrown.

import { connect } from "node:net";
import type { SpamAssassinResponse, SpamAssassinRule } from "@mailscope/shared";
import type { HostPort } from "../config.js";

const MAX_ANSWER = 1024 * 1024;

function exchange(target: HostPort, raw: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = connect({ host: target.host, port: target.port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer from spamd within ${timeoutMs / 1000} s`)));
    socket.on("connect", () => {
      socket.write(`REPORT SPAMC/1.5\r\nContent-length: ${raw.length}\r\nUser: mailscope\r\n\r\n`);
      socket.end(raw);
    });
    socket.on("data", (d: Buffer) => {
      size += d.length;
      if (size > MAX_ANSWER) socket.destroy(new Error("spamd answer too large"));
      else chunks.push(d);
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks)));
  });
}

/** Rows of the report's table: " 1.2 RULE_NAME  Description", continued on indented lines. */
export function parseRules(report: string): SpamAssassinRule[] {
  const lines = report.split(/\r?\n/);
  const start = lines.findIndex((l) => /^-{3,}\s+-{3,}/.test(l.trim()));
  const rules: SpamAssassinRule[] = [];
  for (const line of start < 0 ? [] : lines.slice(start + 1)) {
    const row = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    const last = rules.at(-1);
    if (row) rules.push({ Score: Number(row[1]), Name: row[2] ?? "", Description: (row[3] ?? "").trim() });
    else if (last !== undefined && /^\s{4,}\S/.test(line)) last.Description = `${last.Description} ${line.trim()}`;
    else if (line.trim() === "") continue;
    else break;
  }
  return rules;
}

export function parseAnswer(answer: string): SpamAssassinResponse {
  const headEnd = answer.indexOf("\r\n\r\n");
  const head = headEnd < 0 ? answer : answer.slice(0, headEnd);
  const status = /^SPAMD\/\d+\.\d+ (\d+) (.*)$/m.exec(head);
  if (status === null) return failed(`spamd answered ${JSON.stringify(head.slice(0, 80))}`);
  if (status[1] !== "0") return failed(`spamd: ${status[2] ?? ""} (${status[1] ?? ""})`);
  const spam = /^Spam: (\w+) ; (-?[\d.]+) \/ (-?[\d.]+)/im.exec(head);
  if (spam === null) return failed("spamd answer has no Spam: line");
  return { Error: "", IsSpam: /^(true|yes)$/i.test(spam[1] ?? ""), Score: Number(spam[2]), Rules: parseRules(headEnd < 0 ? "" : answer.slice(headEnd + 4)) };
}

const failed = (why: string): SpamAssassinResponse => ({ Error: why, IsSpam: false, Score: 0, Rules: [] });

export async function spamCheck(target: HostPort, raw: Buffer, timeoutMs = 20_000): Promise<SpamAssassinResponse> {
  try {
    return parseAnswer((await exchange(target, raw, timeoutMs)).toString("utf8"));
  } catch (err) {
    return failed(`spamd at ${target.host}:${target.port}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
