// API latency with Mailscope running as users run it:
//  1. SMTP 250 -> the message visible in GET /api/v1/messages, and
//     SMTP 250 -> its `new` frame on the /api/events feed, p50/p95 over N messages,
//     beside the floor: the same GET, same client, same loop, to a bare node:http
//     server answering a canned body of the same size (lib/reference-http.ts).
//     Both are asked over one kept-alive connection by a bare client
//     (lib/http-client.ts), so the figures are the servers', not fetch's;
//  2. with 100,000 messages stored: the first page of the list, a subject:
//     search, a free-text search (cold and warm), each the median of 5.
// Figures are reported, never asserted. Run: pnpm --filter @mailscope/bench bench:api
import WebSocket from "ws";
import { run, stopAll } from "./lib/proc.js";
import { MAILSCOPE_ENTRY, startMailscope } from "./lib/targets.js";
import { startReferenceHttp } from "./lib/reference-http.js";
import { smtpClient } from "./lib/smtp-client.js";
import { median, table } from "./lib/report.js";
import { keepAliveClient, type KeepAliveClient } from "./lib/http-client.js";
import { HOST } from "./lib/net.js";
import { startMailDev, type HttpPeer } from "./lib/peer-maildev.js";

const N = Number(process.env["BENCH_LATENCY_MESSAGES"] ?? 500);
const BULK = Number(process.env["BENCH_API_MESSAGES"] ?? 100_000);

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** One SMTP connection that sends messages one at a time and reports when each 250 arrived. */
async function smtpSession(port: number): Promise<{ send(subject: string): Promise<{ id: string; at: number }>; close(): void }> {
  const smtp = await smtpClient(port, "latency.bench");
  return {
    async send(subject) {
      await smtp.command("MAIL FROM:<bench@latency.test>\r\n");
      await smtp.command("RCPT TO:<inbox@latency.test>\r\n");
      await smtp.command("DATA\r\n");
      const done = await smtp.command(`Subject: ${subject}\r\n\r\nbody\r\n.\r\n`);
      const at = performance.now();
      return { id: /queued as (\S+)/.exec(done)?.[1] ?? "", at };
    },
    close: () => smtp.close(),
  };
}

/** A server whose list is polled after each 250, over one kept-alive connection. */
interface Polled {
  label: string;
  smtp: Awaited<ReturnType<typeof smtpSession>>;
  api: KeepAliveClient;
  listPath: string;
  newestId(body: Buffer): string | undefined;
  visible: number[];
}

async function polled(label: string, smtpPort: number, httpPort: number, listPath: string, newestId: (body: Buffer) => string | undefined): Promise<Polled> {
  return { label, smtp: await smtpSession(smtpPort), api: await keepAliveClient(HOST, httpPort), listPath, newestId, visible: [] };
}

/** Sends one message and polls the list until it shows; returns its ID and when its 250 arrived. */
async function sendAndPoll(s: Polled, i: number): Promise<{ id: string; at: number }> {
  const { id, at } = await s.smtp.send(`latency ${i}`);
  for (;;) {
    const r = await s.api.get(s.listPath);
    if (r.status !== 200) throw new Error(`${s.label}: GET ${s.listPath}: HTTP ${r.status}`);
    if (s.newestId(r.body) === id) {
      s.visible.push(r.at - at);
      return { id, at };
    }
  }
}

const mailscopeNewestId = (body: Buffer): string | undefined => (JSON.parse(body.toString("utf8")) as { messages: Array<{ ID: string }> }).messages[0]?.ID;

async function latency(base: string, port: number, referencePort: number, peers: HttpPeer[]): Promise<string[][]> {
  const feed = new WebSocket(`${base.replace("http", "ws")}/api/events`);
  const frames = new Map<string, number>();
  feed.on("message", (data) => {
    const at = performance.now();
    const f = JSON.parse(String(data)) as { Type: string; Data: { ID?: string } };
    if (f.Type === "new" && f.Data.ID !== undefined) frames.set(f.Data.ID, at);
  });
  await new Promise((r) => feed.once("open", r));
  const path = "/api/v1/messages?limit=1";
  const ours = await polled("250 -> visible in GET /api/v1/messages", port, Number(new URL(base).port), path, mailscopeNewestId);
  const others = await Promise.all(peers.map((p) => polled(`${p.label}: 250 -> visible in GET ${p.listPath}`, p.smtpPort, p.httpPort, p.listPath, p.newestId)));
  const floor: KeepAliveClient = await keepAliveClient(HOST, referencePort);
  const toFrame: number[] = [];
  const reference: number[] = [];
  // Every server gets its turn in each round, so all meet the same spells of a noisy machine.
  for (let i = 0; i < N; i++) {
    const { id, at } = await sendAndPoll(ours, i);
    // The floor: the same request from the same client, at the same point of the loop, to a bare node:http server.
    reference.push((await floor.get(path)).ms);
    while (!frames.has(id)) await new Promise((r) => setImmediate(r));
    toFrame.push(Math.max(0, (frames.get(id) ?? at) - at)); // the frame is sent before the 250, so it may already be here
    for (const other of others) await sendAndPoll(other, i);
  }
  for (const s of [ours, ...others]) {
    s.api.close();
    s.smtp.close();
  }
  floor.close();
  feed.close();
  const row = (name: string, v: number[]): string[] => [name, pct(v, 50).toFixed(3), pct(v, 95).toFixed(3), (Math.max(...v)).toFixed(3)];
  return [
    row(ours.label, ours.visible),
    row("reference: same GET to a bare node:http server", reference),
    row("250 -> `new` frame on /api/events", toFrame),
    ...others.map((o) => row(o.label, o.visible)),
  ];
}

async function bulk(base: string, port: number): Promise<string[][]> {
  const source = "/usr/sbin/smtp-source";
  const t = performance.now();
  const r = await run("smtp-source", source, ["-c", "-d", "-s", "20", "-m", String(BULK), "-l", "2048", "-f", "a@bulk.test", "-t", "b@bulk.test", "-S", "bulk message", `127.0.0.1:${port}`], 600_000);
  if (r.code !== 0) throw new Error(`smtp-source failed: ${r.stderr}`);
  const fillSeconds = (performance.now() - t) / 1000;
  // A quiet moment for the background index, as a user opening the UI after a test run would give it.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const api = await keepAliveClient(HOST, Number(new URL(base).port));
  const timed = async (path: string): Promise<number> => {
    const r = await api.get(path);
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status}`);
    return r.ms;
  };
  const five = async (path: string): Promise<string> => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await timed(path));
    return median(runs).toFixed(1);
  };
  // The first free-text search may have to build the index; the server keeps answering meanwhile.
  const side = await keepAliveClient(HOST, Number(new URL(base).port));
  const first = timed(`/api/v1/search?query=${encodeURIComponent("Lorem")}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const during = (await side.get("/api/v1/messages?limit=50")).ms;
  side.close();
  const firstText = await first;
  const rows = [
    [`fill: ${BULK} messages over SMTP`, `${fillSeconds.toFixed(1)} s`],
    ["GET /api/v1/messages (first page)", `${await five("/api/v1/messages?limit=50")} ms`],
    ["GET /api/v1/search?query=subject:bulk", `${await five("/api/v1/search?query=subject%3Abulk&limit=50")} ms`],
    ["GET /api/v1/search?query=<word> (first)", `${firstText.toFixed(1)} ms`],
    ["  first page, asked 100 ms into that search", `${during.toFixed(1)} ms`],
    ["GET /api/v1/search?query=<word> (warm)", `${await five("/api/v1/search?query=nomatchword&limit=50")} ms`],
  ];
  api.close();
  return rows;
}

/** A list response of the size Mailscope sends for `limit=1`, for the reference server to answer with. */
async function sampleListBody(base: string, port: number): Promise<string> {
  const smtp = await smtpSession(port);
  await smtp.send("reference body sample");
  smtp.close();
  const body = await (await fetch(`${base}/api/v1/messages?limit=1`)).text();
  await fetch(`${base}/api/v1/messages`, { method: "DELETE" });
  return body;
}

async function main(): Promise<void> {
  const target = await startMailscope({ entry: MAILSCOPE_ENTRY, capacity: BULK + N + 10, extraArgs: ["--quiet", "--max-bytes", "4GiB"], startupTimeoutMs: 20_000 });
  try {
    const base = target.httpBase ?? "";
    const reference = await startReferenceHttp(await sampleListBody(base, target.smtpPort));
    const maildev = process.env["BENCH_MAILDEV"];
    const peers = maildev === undefined || maildev === "" ? [] : [await startMailDev(maildev)];
    console.log(`Latency over ${N} messages, one SMTP connection, one feed client (ms):`);
    try {
      console.log(table(["step", "p50", "p95", "max"], await latency(base, target.smtpPort, Number(new URL(reference.base).port), peers)));
    } finally {
      await reference.stop();
      for (const p of peers) await p.stop();
    }
    console.log(`\nWith ${BULK} messages stored (median of 5 unless marked):`);
    console.log(table(["request", "time"], await bulk(base, target.smtpPort)));
  } finally {
    await target.stop();
    await stopAll();
  }
}

await main();
