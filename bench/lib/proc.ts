// Child processes for the benchmark: every process we start is registered, so
// a timeout, a failure or a Ctrl-C stops exactly those (by PID), nothing else.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { delimiter, join } from "node:path";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The last lines a process printed, for readiness checks and error reports. */
export interface Output {
  /** The last ~64 KB. */
  readonly text: string;
  /** The last `n` non-empty lines; a counter rewritten with \r counts as lines too. */
  lastLines(n: number): string[];
}

function lastLinesOf(text: string, n: number): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== "")
    .slice(-n);
}

/** Keeps the last `limit` characters of a pipe, in amortized constant time per chunk. */
export class Tail implements Output {
  #chunks: string[] = [];
  #length = 0;
  constructor(private readonly limit = 64 * 1024) {}
  push(chunk: string): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#length > 2 * this.limit) this.#compact();
  }
  #compact(): void {
    const text = this.#chunks.join("").slice(-this.limit);
    this.#chunks = [text];
    this.#length = text.length;
  }
  get text(): string {
    this.#compact();
    return this.#chunks[0] ?? "";
  }
  lastLines(n: number): string[] {
    return lastLinesOf(this.text, n);
  }
}

/** The end of a log file a process writes to directly (no pipe for us to drain). */
class FileTail implements Output {
  constructor(
    readonly path: string,
    private readonly limit = 64 * 1024,
  ) {}
  get text(): string {
    let fd: number | null = null;
    try {
      fd = openSync(this.path, "r");
      const size = fstatSync(fd).size;
      const length = Math.min(size, this.limit);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      return buffer.toString("utf8");
    } catch {
      return "";
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }
  lastLines(n: number): string[] {
    return lastLinesOf(this.text, n);
  }
}

export interface Started {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly stdout: Output;
  readonly stderr: Output;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** Resolves when the process has exited and its pipes are drained. */
  readonly closed: Promise<void>;
  exitInfo(): ExitInfo | null;
}

const live = new Set<Started>();

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Send stdout and stderr to `<logDir>/<name>.stdout.log` and `.stderr.log`
   * instead of pipes: a chatty server under test then costs this process no CPU.
   */
  logDir?: string;
}

/** Spawns without a shell (so the PID is the program's own) and collects its output. */
export function start(name: string, command: string, args: readonly string[], options: StartOptions = {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    let stdout: Output;
    let stderr: Output;
    let stdio: ["ignore", "pipe" | number, "pipe" | number] = ["ignore", "pipe", "pipe"];
    const files: number[] = [];
    if (options.logDir !== undefined) {
      const outPath = join(options.logDir, `${name}.stdout.log`);
      const errPath = join(options.logDir, `${name}.stderr.log`);
      const outFd = openSync(outPath, "a");
      const errFd = openSync(errPath, "a");
      files.push(outFd, errFd);
      stdio = ["ignore", outFd, errFd];
      stdout = new FileTail(outPath);
      stderr = new FileTail(errPath);
    } else {
      stdout = new Tail();
      stderr = new Tail();
    }
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio });
    // The child has its own copies of the log file descriptors now.
    for (const fd of files) closeSync(fd);
    child.once("error", (err) => reject(new Error(`${name}: cannot start ${command}: ${err.message}`)));
    child.once("spawn", () => {
      const pid = child.pid;
      if (pid === undefined) {
        reject(new Error(`${name}: spawned without a PID`));
        return;
      }
      let exit: ExitInfo | null = null;
      // Always drain pipes: a full pipe would block the process.
      if (stdout instanceof Tail) {
        const tail = stdout;
        child.stdout?.setEncoding("utf8");
        child.stdout?.on("data", (chunk: string) => tail.push(chunk));
      }
      if (stderr instanceof Tail) {
        const tail = stderr;
        child.stderr?.setEncoding("utf8");
        child.stderr?.on("data", (chunk: string) => tail.push(chunk));
      }
      const exited = new Promise<ExitInfo>((resolveExit) => {
        child.once("exit", (code, signal) => {
          exit = { code, signal };
          resolveExit(exit);
        });
      });
      const closed = new Promise<void>((resolveClose) => child.once("close", () => resolveClose()));
      const started: Started = {
        name,
        pid,
        child,
        stdout,
        stderr,
        exited,
        closed,
        exitInfo: () => exit,
      };
      live.add(started);
      void exited.then(() => live.delete(started));
      resolve(started);
    });
  });
}

function alive(p: Started): boolean {
  return p.exitInfo() === null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** SIGTERM, then SIGKILL after `graceMs`; by PID, only for a process we started. */
export async function stop(p: Started, graceMs = 5000): Promise<ExitInfo> {
  if (alive(p)) {
    try {
      process.kill(p.pid, "SIGTERM");
    } catch {
      // already gone
    }
    const done = await Promise.race([p.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!done && alive(p)) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  return p.exited;
}

/** Stops every process this benchmark started and that is still running. */
export async function stopAll(graceMs = 3000): Promise<void> {
  await Promise.all([...live].map((p) => stop(p, graceMs)));
}

/** Synchronous last resort (process "exit" handler): SIGKILL what is left. */
export function killAllNow(): void {
  for (const p of live) {
    if (!alive(p)) continue;
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export interface Completed extends ExitInfo {
  stdout: Output;
  stderr: Output;
  elapsedMs: number;
  timedOut: boolean;
}

/** Runs a program to completion, killing it when it exceeds `timeoutMs`. */
export async function run(name: string, command: string, args: readonly string[], timeoutMs: number, options: StartOptions = {}): Promise<Completed> {
  const t0 = process.hrtime.bigint();
  const p = await start(name, command, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stop(p, 2000);
  }, timeoutMs);
  const exit = await p.exited;
  const elapsedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  clearTimeout(timer);
  // Let the pipes deliver their last bytes (the exit event can come first).
  await p.closed;
  return { ...exit, stdout: p.stdout, stderr: p.stderr, elapsedMs, timedOut };
}

/** Absolute path of an executable, looked up in PATH and in the sbin directories. */
export function findExecutable(name: string): string | null {
  const dirs = [...(process.env["PATH"] ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin", "/sbin"];
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`;
}
