// SMTP throughput: Mailscope against Postfix's smtp-sink, under the same
// smtp-source load, interleaved in one run. See README.md.
//
// Exit codes: 0 benchmark done (whatever the ratio: benchmarks report, tests
// assert); 1 a run failed or Mailscope lost messages; 2 setup problem
// (missing tool, server not built, bad setting).
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { cpus, platform, release, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, type Config, readConfig } from "./lib/config.js";
import { Rng, makeMessage, vocabulary } from "./lib/mail-corpus.js";
import { HOST } from "./lib/net.js";
import { findExecutable, killAllNow, run, stopAll } from "./lib/proc.js";
import { fmtRate, median, summarize, table, writeJson, type Summary } from "./lib/report.js";
import { type LoadShape, runSource, sourceCommandLine } from "./lib/smtp-source.js";
import { settle } from "./lib/settle.js";
import { MAILSCOPE_ENTRY, type Target, type Verification, startMailscope, startSink } from "./lib/targets.js";

const benchDir = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(benchDir, "results", "smtp-throughput.json");
const TARGET_RATIO = 0.5;
/** Listen backlog for smtp-sink; Node's default for net servers is 511 too. */
const SINK_BACKLOG = 511;
/** After a Mailscope run: its collections come 1 s and 7 s into the quiet (store/packer.ts). */
const SETTLE_MIN_MS = 7_500;

class SetupError extends Error {}

/** The store benchmark's 12 KB text+HTML message, written for smtp-source -F (which adds CRLFs and dot-stuffing). */
async function writeCorpusMessage(): Promise<string> {
  const rng = new Rng(7);
  const text = makeMessage(1, vocabulary(5000, rng), rng).toString("utf8").replace(/\r\n/g, "\n");
  const dir = await mkdtemp(join(tmpdir(), "mailscope-bench-msg-"));
  const path = join(dir, "text-html-12k.eml");
  await writeFile(path, text);
  return path;
}

class RunFailure extends Error {
  constructor(
    message: string,
    readonly details: string[],
  ) {
    super(message);
  }
}

interface RunRecord {
  round: number | "warm-up";
  target: string;
  messages: number;
  seconds: number;
  msgsPerSec: number;
  /** smtp-source's count of completed DATA commands. */
  acknowledged: number;
  /** Messages the target showed in its store (Mailscope only). */
  stored: number | null;
  storeSettleMs: number | null;
}

function requireTool(name: string): string {
  const path = findExecutable(name);
  if (path === null) {
    throw new SetupError(
      `${name} not found (looked in PATH and /usr/sbin). It comes with Postfix:\n` +
        `  apt-get install postfix        (Debian/Ubuntu; choose "Local only", then run "postfix stop":\n` +
        `                                  only the smtp-source and smtp-sink tools are needed)`,
    );
  }
  return path;
}

async function postfixVersion(): Promise<string | null> {
  const postconf = findExecutable("postconf");
  if (postconf === null) return null;
  try {
    const result = await run("postconf", postconf, ["-h", "mail_version"], 5000);
    return result.code === 0 ? result.stdout.text.trim() || null : null;
  } catch {
    return null;
  }
}

async function oneRun(sourceTool: string, shape: LoadShape, target: Target, messages: number, round: RunRecord["round"], timeoutMs: number): Promise<RunRecord> {
  await target.beforeRun();
  const result = await runSource(sourceTool, shape, messages, target.smtpPort, timeoutMs);
  if (!result.ok) {
    throw new RunFailure(`${target.label}, round ${round}: ${result.problem ?? "failed"}`, [
      `command: ${sourceCommandLine(shape, messages, `${HOST}:${target.smtpPort}`)}`,
      "smtp-source printed:",
      ...result.output.map((l) => `  ${l}`),
      `${target.label} printed (last lines):`,
      ...target.outputTail(15).map((l) => `  ${l}`),
    ]);
  }
  let verification: Verification;
  try {
    verification = await target.verifyAndClear(messages);
  } catch (err) {
    throw new RunFailure(`${target.label}, round ${round}: ${err instanceof Error ? err.message : String(err)}`, [
      `smtp-source reported ${result.completed} of ${messages} messages acknowledged, exit 0.`,
      "smtp-source printed:",
      ...result.output.map((l) => `  ${l}`),
      `${target.label} printed (last lines):`,
      ...target.outputTail(15).map((l) => `  ${l}`),
    ]);
  }
  const seconds = result.elapsedMs / 1000;
  return {
    round,
    target: target.label,
    messages,
    seconds,
    msgsPerSec: messages / seconds,
    acknowledged: result.completed,
    stored: verification.stored,
    storeSettleMs: verification.settleMs,
  };
}

function describeRun(r: RunRecord): string {
  const stored = r.stored === null ? "" : `, stored ${r.stored} (visible after ${Math.round(r.storeSettleMs ?? 0)} ms)`;
  const label = (r.round === "warm-up" ? "warm-up" : `round ${r.round}`).padEnd(8);
  return `  ${label}  ${r.target.padEnd(10)} ${String(r.messages).padStart(7)} msgs in ${r.seconds.toFixed(3).padStart(7)} s = ${fmtRate(r.msgsPerSec).padStart(7)} msgs/s  (${r.acknowledged} acknowledged${stored})`;
}

interface Outcome {
  config: Config;
  commands: { load: string; reference: string; mailscope: string };
  runs: RunRecord[];
  postfix: string | null;
}

function resultsJson(outcome: Outcome, status: "ok" | "failed", error: string | null, summaries: Record<string, Summary> | null, ratio: { roundMedian: number; roundWorst: number; median: number; best: number } | null): unknown {
  const { config } = outcome;
  return {
    benchmark: "smtp-throughput",
    status,
    error,
    date: new Date().toISOString(),
    environment: { node: process.version, platform: `${platform()} ${release()}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, postfix: outcome.postfix },
    settings: {
      messages: config.messages,
      rounds: config.rounds,
      sessions: config.sessions,
      sizeBytes: config.size,
      messageFile: config.messageFile,
      warmupMessages: config.warmup,
      reuseConnections: config.reuseConnections,
      runTimeoutSeconds: config.runTimeoutMs / 1000,
      selftest: config.selftest,
    },
    commands: outcome.commands,
    runs: outcome.runs,
    summary: summaries,
    ratio: ratio === null ? null : { mailscopeOverSink: ratio, basis: "roundMedian: median of each round's ratio to the smtp-sink round before it; median/best: of msgs/s", target: TARGET_RATIO },
  };
}

async function main(): Promise<number> {
  const config = readConfig();
  const sourceTool = requireTool("smtp-source");
  const sinkTool = requireTool("smtp-sink");
  if (!config.selftest && !existsSync(MAILSCOPE_ENTRY)) {
    throw new SetupError(`${relative(process.cwd(), MAILSCOPE_ENTRY)} not found: build first (\`pnpm build\` at the root; \`pnpm bench\` there builds and runs).`);
  }
  const messageFile = config.messageFile === "corpus" ? await writeCorpusMessage() : config.messageFile;
  if (messageFile !== null && !existsSync(messageFile)) throw new SetupError(`BENCH_MESSAGE_FILE=${messageFile}: no such file`);
  const shape: LoadShape = { sessions: config.sessions, size: config.size, reuseConnections: config.reuseConnections, messageFile };
  const bodies = messageFile === null ? `${config.size}-byte bodies` : `the message in ${messageFile} (-F)`;
  const outcome: Outcome = {
    config,
    commands: { load: sourceCommandLine(shape, config.messages, `${HOST}:<port>`), reference: "", mailscope: "" },
    runs: [],
    postfix: await postfixVersion(),
  };

  console.log("Mailscope SMTP throughput benchmark");
  console.log(`  load:      ${outcome.commands.load}`);
  console.log(`             ${config.sessions} parallel sessions, ${bodies}, ${config.reuseConnections ? "connections kept between messages (-d)" : "a new connection per message (no -d)"}`);

  const targets: Target[] = [];
  try {
    const sink = await startSink(sinkTool, SINK_BACKLOG);
    targets.push(sink);
    const other = config.selftest
      ? await startSink(sinkTool, SINK_BACKLOG, "sink-2")
      : await startMailscope({ entry: MAILSCOPE_ENTRY, capacity: Math.max(1_000_000, config.messages, config.warmup), extraArgs: config.mailscopeArgs, startupTimeoutMs: 30_000 });
    targets.push(other);
    outcome.commands.reference = sink.commandLine.replace(`:${sink.smtpPort}`, ":<port>");
    outcome.commands.mailscope = other.commandLine;
    console.log(`  reference: ${outcome.commands.reference}`);
    console.log(`  ${config.selftest ? "selftest: " : "mailscope:"} ${other.commandLine}${config.selftest ? "  (BENCH_SELFTEST: a second smtp-sink stands in for Mailscope)" : ""}`);
    console.log(`  rounds:    ${config.rounds}, interleaved (${sink.label}, ${other.label}, ...); ${config.warmup} warm-up messages per target first, not counted`);
    if (!config.selftest) console.log(`             after each ${other.label} run, a wait until its process is idle (at least ${SETTLE_MIN_MS / 1000} s): its collections after a burst stay out of the next round`);
    console.log(`  postfix ${outcome.postfix ?? "(version unknown)"}, node ${process.version}, ${cpus().length} CPUs`);
    console.log("");

    // Every target once, in order; Mailscope's collections after a burst must not fall into smtp-sink's next run.
    const eachTarget = async (messages: number, round: RunRecord["round"]): Promise<void> => {
      for (const target of targets) {
        const record = await oneRun(sourceTool, shape, target, messages, round, config.runTimeoutMs);
        outcome.runs.push(record);
        console.log(describeRun(record));
        if (target !== sink && !config.selftest) await settle(target.pid, SETTLE_MIN_MS);
      }
    };
    if (config.warmup > 0) await eachTarget(config.warmup, "warm-up");
    for (let round = 1; round <= config.rounds; round++) await eachTarget(config.messages, round);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`\nFAILED: ${message}`);
    if (err instanceof RunFailure) for (const line of err.details) console.error(line);
    await writeJson(RESULTS_FILE, resultsJson(outcome, "failed", message, null, null));
    console.error(`\nPartial results: ${relative(process.cwd(), RESULTS_FILE)}`);
    return err instanceof SetupError || err instanceof ConfigError ? 2 : 1;
  } finally {
    for (const target of targets.reverse()) await target.stop();
  }

  const [sinkLabel, otherLabel] = config.selftest ? ["smtp-sink", "sink-2"] : ["smtp-sink", "mailscope"];
  const measured = outcome.runs.filter((r) => r.round !== "warm-up");
  const summaries: Record<string, Summary> = {
    [sinkLabel]: summarize(measured.filter((r) => r.target === sinkLabel).map((r) => r.msgsPerSec)),
    [otherLabel]: summarize(measured.filter((r) => r.target === otherLabel).map((r) => r.msgsPerSec)),
  };
  const s = summaries[sinkLabel];
  const o = summaries[otherLabel];
  if (s === undefined || o === undefined) throw new Error("internal: missing summary");
  // Each round against the smtp-sink round just before it: the machine's speed drifts between rounds,
  // and a pair run back to back shares it. The ratio of the two medians is kept for comparison.
  const perRound = Array.from({ length: config.rounds }, (_, i) => {
    const a = measured.find((r) => r.target === otherLabel && r.round === i + 1)?.msgsPerSec;
    const b = measured.find((r) => r.target === sinkLabel && r.round === i + 1)?.msgsPerSec;
    return a !== undefined && b !== undefined ? a / b : Number.NaN;
  });
  const ratio = { roundMedian: median(perRound), roundWorst: Math.min(...perRound), median: o.median / s.median, best: o.best / s.best };

  console.log("");
  const roundHeaders = Array.from({ length: config.rounds }, (_, i) => `round ${i + 1}`);
  const rows = [sinkLabel, otherLabel].map((label) => {
    const sum = summaries[label];
    const perRound = roundHeaders.map((_, i) => fmtRate(measured.find((r) => r.target === label && r.round === i + 1)?.msgsPerSec ?? Number.NaN));
    return [label, ...perRound, fmtRate(sum?.median ?? Number.NaN), fmtRate(sum?.best ?? Number.NaN)];
  });
  rows.push([`${otherLabel}/${sinkLabel}`, ...perRound.map((r) => (Number.isNaN(r) ? "n/a" : r.toFixed(2))), ratio.roundMedian.toFixed(2), Math.max(...perRound).toFixed(2)]);
  console.log(`msgs/s (${config.messages} messages per run, ${config.messageFile === null ? `${config.size}-byte bodies` : config.messageFile}, ${config.sessions} sessions, higher is better)`);
  console.log(table(["target", ...roundHeaders, "median", "best"], rows));
  console.log("");

  await writeJson(RESULTS_FILE, resultsJson(outcome, "ok", null, summaries, ratio));
  console.log(`results: ${relative(process.cwd(), RESULTS_FILE)}`);
  if (config.selftest) console.log(`ratio sink-2/smtp-sink: ${ratio.median.toFixed(2)} (selftest: two identical smtp-sinks, expect about 1.00)`);
  else {
    console.log(`ratio mailscope/smtp-sink: ${ratio.roundMedian.toFixed(2)}, the median of the rounds' ratios (target >= ${TARGET_RATIO.toFixed(2)});`);
    console.log(`  worst round ${ratio.roundWorst.toFixed(2)}; median msgs/s over median msgs/s ${ratio.median.toFixed(2)}`);
  }
  return 0;
}

// Whatever happens, stop what we started (by PID) before leaving.
process.on("exit", killAllNow);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping the processes it started`);
    void stopAll().finally(() => process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1)));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof SetupError || err instanceof ConfigError) {
      console.error(`bench: ${err.message}`);
      process.exit(2);
    }
    console.error("bench: unexpected error:", err);
    void stopAll().finally(() => process.exit(1));
  },
);
