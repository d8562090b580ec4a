// Benchmark settings, from the environment, with bounds so a typo cannot
// start an unbounded load test.

export interface Config {
  messages: number;
  rounds: number;
  sessions: number;
  size: number;
  warmup: number;
  reuseConnections: boolean;
  /** BENCH_MESSAGE_FILE: a message for smtp-source -F; "corpus" writes the store benchmark's 12 KB text+HTML message. */
  messageFile: string | null;
  runTimeoutMs: number;
  /** Run a second smtp-sink in Mailscope's place: measures the harness's own noise. */
  selftest: boolean;
  mailscopeArgs: string[];
}

export class ConfigError extends Error {}

function int(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name}=${raw}: expected a whole number`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${name}=${raw}: expected ${min}..${max}`);
  return value;
}

function flag(name: string): boolean {
  const raw = (process.env[name] ?? "").trim().toLowerCase();
  if (raw === "" || raw === "0" || raw === "false" || raw === "no") return false;
  if (raw === "1" || raw === "true" || raw === "yes") return true;
  throw new ConfigError(`${name}=${raw}: expected 1 or 0`);
}

export function readConfig(): Config {
  const messages = int("BENCH_MESSAGES", 20_000, 1, 1_000_000);
  return {
    messages,
    rounds: int("BENCH_ROUNDS", 3, 1, 20),
    sessions: int("BENCH_SESSIONS", 20, 1, 256),
    size: int("BENCH_SIZE", 1024, 0, 10 * 1024 * 1024),
    warmup: int("BENCH_WARMUP", Math.min(1000, messages), 0, 1_000_000),
    reuseConnections: flag("BENCH_REUSE_CONNECTIONS"),
    messageFile: (process.env["BENCH_MESSAGE_FILE"] ?? "").trim() || null,
    runTimeoutMs: int("BENCH_RUN_TIMEOUT_S", 120, 1, 3600) * 1000,
    selftest: flag("BENCH_SELFTEST"),
    mailscopeArgs: (process.env["BENCH_MAILSCOPE_ARGS"] ?? "").split(/\s+/).filter((a) => a !== ""),
  };
}
