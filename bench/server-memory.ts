// Memory of the real server, as users run it: `node server/dist/main.js`,
// 20,000 of the 12 KB text+HTML corpus messages delivered over SMTP on 20
// connections, then the process's resident memory (VmRSS) over the raw bytes
// it was sent. Read at three moments: before any mail, right after the last
// 250, and after a quiet spell in which background work (compression, the
// free-text index) has run. Then the same with smtp-source's own 12 KB bodies.
// Figures are reported, never asserted. Linux only (it reads /proc).
// Run: pnpm build && pnpm --filter @mailscope/bench bench:memory
import { readFileSync } from "node:fs";
import { Rng, makeMessage, vocabulary } from "./lib/mail-corpus.js";
import { findExecutable, run, stopAll } from "./lib/proc.js";
import { table } from "./lib/report.js";
import { smtpClient } from "./lib/smtp-client.js";
import { MAILSCOPE_ENTRY, startMailscope, type Target } from "./lib/targets.js";

const MESSAGES = Number(process.env["BENCH_MEMORY_MESSAGES"] ?? 20_000);
const CONNECTIONS = 20;
const QUIET_S = Number(process.env["BENCH_MEMORY_QUIET_S"] ?? 10);
const MiB = 1024 * 1024;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** One connection's share of the messages, one transaction after another, each checked for its 250. */
async function sender(port: number, next: () => Buffer | null): Promise<void> {
  const smtp = await smtpClient(port, "memory.bench");
  const expect = async (data: string | Buffer, code: string): Promise<void> => {
    const line = await smtp.command(data);
    if (!line.startsWith(code)) throw new Error(`expected ${code}, got ${line}`);
  };
  for (let m = next(); m !== null; m = next()) {
    await expect("MAIL FROM:<shop@memory.bench>\r\n", "250");
    await expect("RCPT TO:<customer@memory.bench>\r\n", "250");
    await expect("DATA\r\n", "354");
    // The corpus has no line starting with a dot, so no dot-stuffing is needed.
    await expect(Buffer.concat([m, Buffer.from(".\r\n")]), "250");
  }
  smtp.close();
}

async function measure(label: string, target: Target, deliver: () => Promise<number>): Promise<string[]> {
  const before = rssOf(target.pid);
  const raw = await deliver();
  const after = rssOf(target.pid);
  await new Promise((resolve) => setTimeout(resolve, QUIET_S * 1000));
  const quiet = rssOf(target.pid);
  const ratio = (rss: number): string => (rss / raw).toFixed(2);
  return [label, (raw / MiB).toFixed(1), (before / MiB).toFixed(0), `${(after / MiB).toFixed(0)} (${ratio(after)})`, `${(quiet / MiB).toFixed(0)} (${ratio(quiet)})`];
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  const corpus = await startMailscope({ entry: MAILSCOPE_ENTRY, capacity: MESSAGES * 2, extraArgs: ["--quiet", "--max-bytes", "4GiB"], startupTimeoutMs: 20_000 });
  try {
    rows.push(
      await measure("corpus, 12 KB text+HTML", corpus, async () => {
        const rng = new Rng(1);
        const words = vocabulary(5000, rng);
        const messages = Array.from({ length: MESSAGES }, (_, i) => makeMessage(i, words, rng));
        let i = 0;
        await Promise.all(Array.from({ length: CONNECTIONS }, () => sender(corpus.smtpPort, () => messages[i++] ?? null)));
        return messages.reduce((sum, m) => sum + m.length, 0);
      }),
    );
  } finally {
    await corpus.stop();
  }
  const source = findExecutable("smtp-source");
  if (source !== null) {
    const target = await startMailscope({ entry: MAILSCOPE_ENTRY, capacity: MESSAGES * 2, extraArgs: ["--quiet", "--max-bytes", "4GiB"], startupTimeoutMs: 20_000 });
    try {
      rows.push(
        await measure("smtp-source -l 12288", target, async () => {
          const r = await run("smtp-source", source, ["-s", "20", "-m", String(MESSAGES), "-l", "12288", "-f", "a@memory.bench", "-t", "b@memory.bench", `127.0.0.1:${target.smtpPort}`], 600_000);
          if (r.code !== 0) throw new Error(`smtp-source failed: ${r.stderr.text}`);
          const info = (await (await fetch(`${target.httpBase}/api/v1/info`)).json()) as { RuntimeStats: { SMTPAcceptedSize: number } };
          return info.RuntimeStats.SMTPAcceptedSize;
        }),
      );
    } finally {
      await target.stop();
    }
  }
  console.log(`Mailscope's resident memory (VmRSS), ${MESSAGES} messages; in brackets: over the raw bytes (target <= 1.5)`);
  console.log(table(["load", "raw MiB", "RSS at start", "right after the last 250", `after ${QUIET_S} s quiet`], rows));
}

try {
  await main();
} finally {
  await stopAll();
}
