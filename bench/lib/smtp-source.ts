// Running Postfix's smtp-source (the load generator) against one target.
import { type Completed, describeExit, run } from "./proc.js";
import { HOST } from "./net.js";

export interface LoadShape {
  /** -s: SMTP sessions in parallel. */
  sessions: number;
  /** -l: payload bytes per message (headers not included). */
  size: number;
  /** -d: keep each connection for the next message, as a pooled mailer does. */
  reuseConnections: boolean;
  /** -F: send this pre-formatted message (headers and body) instead of -l bytes of filler. */
  messageFile: string | null;
}

// Fixed, host-independent envelope and header values, so both targets see
// byte-identical traffic whatever this machine is called.
const SENDER = "bench@mailscope.test";
const RECIPIENT = "inbox@mailscope.test";
const HELO = "bench.mailscope.test";
const SUBJECT = "Mailscope throughput benchmark";

/** smtp-source's arguments, without the target address. */
export function sourceArgs(shape: LoadShape, messages: number): string[] {
  return [
    "-c", // print a counter of completed DATA commands: checked against -m
    "-s", String(shape.sessions),
    "-m", String(messages),
    ...(shape.messageFile === null ? ["-l", String(shape.size), "-S", SUBJECT] : ["-F", shape.messageFile]),
    "-f", SENDER,
    "-t", RECIPIENT,
    "-M", HELO,
    ...(shape.reuseConnections ? ["-d"] : []),
  ];
}

/** The command line, shell-quoted, for reports. */
export function sourceCommandLine(shape: LoadShape, messages: number, target: string): string {
  const quote = (arg: string): string => (/^[\w@.:/=<>-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  return ["smtp-source", ...sourceArgs(shape, messages), target].map(quote).join(" ");
}

export interface SourceRun {
  ok: boolean;
  elapsedMs: number;
  /** The last value of smtp-source's -c counter: messages whose DATA completed. */
  completed: number;
  /** Why the run failed, when it did. */
  problem: string | null;
  /** What smtp-source printed (last lines), for reports. */
  output: string[];
}

function lastCounter(result: Completed): number {
  const lines = result.stdout.lastLines(5);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /(\d+)\s*$/.exec(lines[i] ?? "");
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return 0;
}

export async function runSource(tool: string, shape: LoadShape, messages: number, port: number, timeoutMs: number): Promise<SourceRun> {
  const result = await run("smtp-source", tool, [...sourceArgs(shape, messages), `${HOST}:${port}`], timeoutMs);
  const completed = lastCounter(result);
  const output = [
    ...result.stdout.lastLines(1).map((line) => `stdout: ${line}`),
    ...result.stderr.lastLines(20).map((line) => `stderr: ${line}`),
  ];
  let problem: string | null = null;
  if (result.timedOut) problem = `smtp-source did not finish within ${timeoutMs / 1000} s and was stopped (${completed} of ${messages} messages done)`;
  else if (result.code !== 0) problem = `smtp-source failed (${describeExit(result)}) after ${completed} of ${messages} messages`;
  else if (completed !== messages) problem = `smtp-source exited 0 but counted ${completed} completed DATA commands, expected ${messages}`;
  return { ok: problem === null, elapsedMs: result.elapsedMs, completed, problem, output };
}
