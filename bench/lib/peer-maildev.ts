// MailDev as a peer for the latency benchmark, measured in the same run as
// Mailscope. It is not a dependency of this workspace (it would pull a few
// hundred packages into every install); point BENCH_MAILDEV at its `maildev`
// executable to include it, for example after `npm install maildev` in a
// scratch directory.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOST, freePort, waitForSmtp } from "./net.js";
import { describeExit, start, stop } from "./proc.js";

export interface HttpPeer {
  label: string;
  smtpPort: number;
  httpPort: number;
  /** The list request that shows the newest message first. */
  listPath: string;
  /** The newest message's ID in a body answered to `listPath`. */
  newestId(body: Buffer): string | undefined;
  stop(): Promise<void>;
}

export async function startMailDev(executable: string): Promise<HttpPeer> {
  const smtpPort = await freePort();
  const httpPort = await freePort();
  const cwd = await mkdtemp(join(tmpdir(), "maildev-bench-"));
  const args = ["--smtp", String(smtpPort), "--ip", HOST, "--web", String(httpPort), "--web-ip", HOST];
  const p = await start("maildev", executable, args, { cwd, logDir: cwd });
  const cleanup = async (): Promise<void> => {
    await stop(p);
    await rm(cwd, { recursive: true, force: true });
  };
  try {
    await waitForSmtp(smtpPort, 20_000, () => {
      const exit = p.exitInfo();
      return exit === null ? null : `maildev exited during startup (${describeExit(exit)}): ${p.stderr.lastLines(5).join(" | ")}`;
    });
    // Its web server starts beside the SMTP one; wait for its health check too.
    const deadline = Date.now() + 20_000;
    while (!(await fetch(`http://${HOST}:${httpPort}/api/healthz`).then((r) => r.ok, () => false))) {
      if (Date.now() > deadline) throw new Error("maildev's web server did not answer within 20 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    label: "maildev",
    smtpPort,
    httpPort,
    // MailDev's UI lists with this request: summaries, newest first.
    listPath: "/api/email/summary?limit=1",
    newestId: (body) => (JSON.parse(body.toString("utf8")) as { items: Array<{ id: string }> }).items[0]?.id,
    stop: cleanup,
  };
}
