// Helpers for the fault tests: the rules API, and two real clients that
// report the reply codes they saw in their own terms: nodemailer (its error's
// responseCode, or its transaction log for replies that are not errors) and
// Python's smtplib (its exception's code, or the code its calls return).

import { createTransport } from "nodemailer";
import type { SessionDetail } from "@mailscope/shared";
import type { RuleView } from "../src/faults/registry.js";
import { describeRun, eventsOf, run, serverLines } from "./clients.js";
import type { TestServer } from "./harness.js";

// ---- the rules API ----

export async function addRule(server: TestServer, rule: object): Promise<RuleView> {
  const res = await fetch(`${server.httpUrl}/api/v1/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  if (res.status !== 200) throw new Error(`POST /api/v1/faults: ${res.status} ${await res.text()}`);
  return (await res.json()) as RuleView;
}

export async function clearRules(server: TestServer): Promise<void> {
  const res = await fetch(`${server.httpUrl}/api/v1/faults`, { method: "DELETE" });
  if (res.status !== 200) throw new Error(`DELETE /api/v1/faults: ${res.status}`);
}

export async function listRules(server: TestServer): Promise<RuleView[]> {
  return (await server.getJson<{ rules: RuleView[] }>("/api/v1/faults")).rules;
}

// ---- nodemailer ----

export interface NodemailerOutcome {
  ok: boolean;
  /** The code of the reply that ended the send: 250 on success, the error's responseCode otherwise. */
  code: number | null;
  /** The SMTP command nodemailer says failed. */
  command: string;
  message: string;
  /** Every server reply nodemailer logged, in order. */
  replies: string[];
}

export interface MailOptions {
  from?: string;
  to?: string | string[];
  subject?: string;
  headers?: Record<string, string>;
  auth?: { user: string; pass: string };
  /** After the send, verify(): a second connection that nodemailer ends with QUIT (sendMail just closes). */
  thenVerify?: boolean;
}

export async function nodemailerSend(port: number, mail: MailOptions = {}): Promise<NodemailerOutcome> {
  const replies: string[] = [];
  const ignore = (): void => {};
  const logger = {
    level: ignore,
    trace: ignore,
    info: ignore,
    warn: ignore,
    error: ignore,
    fatal: ignore,
    // nodemailer logs each server reply as debug({ tnx: "server" }, text) when transactionLog is on.
    debug: (entry: unknown, text: unknown) => {
      if (typeof entry === "object" && entry !== null && (entry as { tnx?: unknown }).tnx === "server" && typeof text === "string") replies.push(text);
    },
  };
  const transport = createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    name: "nodemailer.test",
    logger,
    transactionLog: true,
    connectionTimeout: 10_000,
    socketTimeout: 15_000,
    ...(mail.auth === undefined ? {} : { auth: mail.auth }),
  });
  try {
    const info = await transport.sendMail({
      from: mail.from ?? "app@x.test",
      to: mail.to ?? "user@y.test",
      subject: mail.subject ?? "fault test",
      text: "hello from nodemailer\n",
      ...(mail.headers === undefined ? {} : { headers: mail.headers }),
    });
    if (mail.thenVerify === true) await transport.verify();
    return { ok: true, code: Number(info.response.slice(0, 3)), command: "", message: info.response, replies };
  } catch (err) {
    const e = err as { responseCode?: unknown; command?: unknown; message?: unknown };
    return { ok: false, code: typeof e.responseCode === "number" ? e.responseCode : null, command: String(e.command ?? ""), message: String(e.message ?? err), replies };
  } finally {
    transport.close();
  }
}

// ---- Python smtplib ----

const SCRIPT = String.raw`
import json, smtplib, sys
mode, port, args = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
out = {}
s = smtplib.SMTP(local_hostname="python.test", timeout=15)
try:
    out["connect"] = s.connect("127.0.0.1", port)[0]
    if mode == "send":
        if args.get("user"):
            out["login"] = s.login(args["user"], args["password"])[0]
        refused = s.sendmail(args["from"], args["to"], args["body"])
        out["refused"] = {k: v[0] for k, v in refused.items()}
        out["quit"] = s.quit()[0]
    elif mode == "steps":
        out["ehlo"] = s.ehlo()[0]
        out["mail"] = s.mail(args["from"])[0]
        out["rcpt"] = s.rcpt(args["to"][0])[0]
        s.putcmd("data")
        out["data"] = s.getreply()[0]
        s.send(smtplib.quotedata(args["body"]).encode("utf-8") + b"\r\n.\r\n")
        out["end"] = s.getreply()[0]
        out["quit"] = s.quit()[0]
    else:
        raise SystemExit("unknown mode " + mode)
except smtplib.SMTPRecipientsRefused as e:
    out["error"] = "SMTPRecipientsRefused"
    out["code"] = list(e.recipients.values())[0][0]
except smtplib.SMTPResponseException as e:
    out["error"] = type(e).__name__
    out["code"] = e.smtp_code
except smtplib.SMTPServerDisconnected as e:
    out["error"] = "SMTPServerDisconnected"
    out["message"] = str(e)
print(json.dumps(out))
`;

export interface PythonOutcome {
  connect?: number;
  login?: number;
  ehlo?: number;
  mail?: number;
  rcpt?: number;
  data?: number;
  end?: number;
  quit?: number;
  refused?: Record<string, number>;
  /** smtplib's exception class, and the code it carries. */
  error?: string;
  code?: number;
  message?: string;
}

export interface PythonArgs {
  from?: string;
  to?: string[];
  body?: string;
  user?: string;
  password?: string;
}

/** mode "send": connect, login when a user is given, sendmail, quit. "steps": each command by hand, every code reported. */
export async function pythonSmtp(mode: "send" | "steps", port: number, args: PythonArgs = {}): Promise<PythonOutcome> {
  const full = { from: "py@x.test", to: ["dest@y.test"], body: "From: py@x.test\r\nTo: dest@y.test\r\nSubject: fault test\r\n\r\nhello from python\r\n", ...args };
  const r = await run("python3", ["-c", SCRIPT, mode, String(port), JSON.stringify(full)], { timeoutMs: 30_000 });
  if (r.code !== 0) throw new Error(`python failed: ${describeRun(r)}`);
  return JSON.parse(r.stdout) as PythonOutcome;
}

// ---- transcripts ----

/** The server replies in a transcript that carry this code. */
export const repliesWith = (s: SessionDetail, code: number): string[] =>
  serverLines(s)
    .map((e) => e.Text)
    .filter((t) => t.startsWith(`${code} `) || t.startsWith(`${code}-`));

export const faultEvents = (s: SessionDetail): string[] => eventsOf(s, "fault").map((e) => e.Text);
