// The option table: every flag, its MAILSCOPE_* twin, default and help line.
// Names follow Mailpit's where Mailpit has the same option.

export type OptionKind = "string" | "boolean";

export interface OptionSpec {
  flag: string;
  kind: OptionKind;
  default: string | boolean;
  help: string;
  /** What the value is, for --help. */
  arg?: string;
  /** Other names accepted for the same option (Mailpit's spellings). */
  aliases?: string[];
  /** May be given more than once; the values reach the parser as lines (and the environment twin holds one per line). */
  multiple?: boolean;
}

export const OPTIONS = [
  { flag: "smtp", kind: "string", arg: "[host:]port", default: "127.0.0.1:1025", help: "SMTP listen address [host:]port; port 0 picks a free port" },
  { flag: "listen", kind: "string", arg: "[host:]port", default: "127.0.0.1:8025", help: "HTTP (UI and API) listen address [host:]port" },
  { flag: "smtp-hostname", kind: "string", arg: "name", default: "", help: "name in the SMTP greeting and the self-signed certificate (default: this machine's host name)" },
  { flag: "smtp-max-size", kind: "string", arg: "size", default: "50MiB", help: "largest message accepted, advertised with SIZE (bytes, or with KB/MB/KiB/MiB)" },
  { flag: "smtp-max-recipients", kind: "string", arg: "n", default: "1000", help: "recipients per message; more get 452" },
  { flag: "smtp-max-connections", kind: "string", arg: "n", default: "500", help: "concurrent SMTP connections; more get 421" },
  { flag: "smtp-max-errors", kind: "string", arg: "n", default: "20", help: "error replies before a session is closed with 421" },
  { flag: "smtp-max-line", kind: "string", arg: "bytes", default: "4096", help: "longest command line in bytes; longer lines get 500" },
  { flag: "smtp-idle-timeout", kind: "string", arg: "seconds", default: "300", help: "seconds a client may stay silent before 421 and close" },
  { flag: "smtp-slow-step", kind: "string", arg: "ms", default: "1000", help: "milliseconds between steps after which the transcript notes a slow step" },
  { flag: "smtp-tls-cert", kind: "string", arg: "file", default: "", help: "PEM certificate for STARTTLS and implicit TLS (default: self-signed, made at start)" },
  { flag: "smtp-tls-key", kind: "string", arg: "file", default: "", help: "PEM private key for --smtp-tls-cert" },
  { flag: "smtp-require-tls", kind: "boolean", default: false, help: "refuse MAIL before STARTTLS with 530", aliases: ["smtp-require-starttls"] },
  { flag: "smtp-tls-implicit", kind: "boolean", default: false, help: "SMTPS: TLS from the first byte instead of STARTTLS" },
  { flag: "smtp-auth-file", kind: "string", arg: "file", default: "", help: "file of user:password lines; AUTH then checks them (535 on a bad one)" },
  { flag: "smtp-auth-required", kind: "boolean", default: false, help: "refuse MAIL before a successful AUTH with 530" },
  { flag: "show-secrets", kind: "boolean", default: false, help: "show AUTH passwords in transcripts instead of masking them" },
  { flag: "max", kind: "string", arg: "n", default: "100000", help: "messages kept; the oldest are pruned past it" },
  { flag: "max-bytes", kind: "string", arg: "size", default: "768MiB", help: "raw bytes of messages kept; the oldest are pruned past it (bytes, or with KB/MB/GB/KiB/MiB/GiB)" },
  { flag: "max-age", kind: "string", arg: "duration", default: "", help: "drop messages older than this, like 90m, 12h, 7d or 1d12h (default: kept however old)" },
  { flag: "max-sessions", kind: "string", arg: "n", default: "50000", help: "SMTP sessions (transcripts) kept; the oldest closed ones are pruned past it" },
  { flag: "allowed-origins", kind: "string", arg: "origins", default: "", help: "comma-separated origins (e.g. http://localhost:3000) allowed to open the live feed besides Mailscope's own; * for any" },
  { flag: "ui-auth-file", kind: "string", arg: "file", default: "", help: "user:password lines (plain or bcrypt, as htpasswd -B writes): basic auth for the UI, API and feed" },
  { flag: "api-cors", kind: "string", arg: "origins", default: "", help: "comma-separated origins allowed to call the API from a browser (CORS); * for any; none by default" },
  { flag: "faults", kind: "string", arg: "file.json", default: "", help: "a JSON list of fault rules, in the shape POST /api/v1/faults takes (see README: Faults)" },
  {
    flag: "fault",
    kind: "string",
    arg: "rule",
    default: "",
    multiple: true,
    help: "a fault rule in short form, repeatable: STAGE[:PATTERN]=ACTION[;times=N][;p=0..1][;seed=N][;name=TEXT]. STAGE: connect helo auth mail rcpt data data-end any. PATTERN: an address glob or @domain (mail, rcpt), a user (auth), Header:glob (data-end), a client IP (others). ACTION: CODE [x.y.z] [text] | drop | delay MS [then CODE ... | then drop]. E.g. 'rcpt:bad@example.com=550 5.1.1 No such user', 'mail=451;times=1', 'data-end=drop;p=0.1;seed=7' (environment: one rule per line)",
  },
  { flag: "enable-chaos", kind: "boolean", default: false, help: "serve Mailpit's /api/v1/chaos: random errors at MAIL, RCPT and AUTH, set at run time" },
  { flag: "chaos-triggers", kind: "string", arg: "triggers", default: "", help: "Mailpit's chaos triggers at start, e.g. Sender:451:10,Recipient:550:5,Authentication:535:20 (percent); enables chaos" },
  { flag: "smtp-relay-host", kind: "string", arg: "host[:port]", default: "", help: "SMTP relay for releasing messages (POST /api/v1/message/{ID}/release); release is off without it" },
  { flag: "smtp-relay-port", kind: "string", arg: "port", default: "", help: "the relay's port (default: the one in --smtp-relay-host, else 25)" },
  { flag: "smtp-relay-starttls", kind: "boolean", default: false, help: "require STARTTLS with the relay (without it the relay is spoken to in plain text)" },
  { flag: "smtp-relay-allow-insecure", kind: "boolean", default: false, help: "accept a relay certificate that does not verify" },
  { flag: "smtp-relay-auth", kind: "string", arg: "method", default: "none", help: "AUTH with the relay: none, plain, login or cram-md5" },
  { flag: "smtp-relay-username", kind: "string", arg: "user", default: "", help: "user name for --smtp-relay-auth" },
  { flag: "smtp-relay-password", kind: "string", arg: "password", default: "", help: "password (or CRAM-MD5 secret) for --smtp-relay-auth; prefer the environment variable, which ps does not show" },
  { flag: "smtp-relay-return-path", kind: "string", arg: "address", default: "", help: "envelope sender and Return-Path of every released message" },
  { flag: "smtp-relay-allowed-recipients", kind: "string", arg: "regexp", default: "", help: "release only to addresses matching this regular expression (case-insensitive)" },
  { flag: "smtp-relay-blocked-recipients", kind: "string", arg: "regexp", default: "", help: "never release to addresses matching this regular expression (case-insensitive)" },
  { flag: "enable-spamassassin", kind: "string", arg: "host:port", default: "", help: "a spamd to ask for GET /api/v1/message/{ID}/sa-check (Mailpit's option; port 783 if none given)" },
  { flag: "quiet", kind: "boolean", default: false, help: "log only start-up, errors and shutdown, not every message and failed session" },
  { flag: "help", kind: "boolean", default: false, help: "show this help" },
  { flag: "version", kind: "boolean", default: false, help: "print the version" },
] as const satisfies readonly OptionSpec[];

export type OptionName = (typeof OPTIONS)[number]["flag"];

export const envName = (flag: string): string => `MAILSCOPE_${flag.toUpperCase().replaceAll("-", "_")}`;

export function helpText(version: string): string {
  const rows = OPTIONS.map((o) => {
    const arg = "arg" in o ? ` <${o.arg}>` : "";
    const def = o.kind === "string" && o.default !== "" ? ` (default ${o.default})` : "";
    const env = o.flag === "help" || o.flag === "version" ? "" : `\n      env: ${envName(o.flag)}`;
    return `  --${o.flag}${arg}\n      ${o.help}${def}${env}`;
  });
  return [
    `Mailscope ${version}: a local SMTP test catcher with a web inbox and SMTP transcripts.`,
    "",
    "Usage: mailscope [options]",
    "",
    "Every option can also be set with the environment variable shown; a flag wins over the environment.",
    "",
    ...rows,
    "",
  ].join("\n");
}
