// The SMTP relay that POST /api/v1/message/{ID}/release sends through, set
// with Mailpit's names (--smtp-relay-host and friends). Checked here so a bad
// value is one clear line at start, never a failure at the first release.

export type RelayAuth = "none" | "plain" | "login" | "cram-md5";

export interface RelayConfig {
  host: string;
  port: number;
  /** Require STARTTLS; without it the relay is spoken to in plain text, as Mailpit does. */
  startTls: boolean;
  /** Accept a certificate that does not verify. */
  allowInsecure: boolean;
  auth: RelayAuth;
  username: string;
  password: string;
  /** Envelope sender and Return-Path of every released message; "" keeps the message's own. */
  returnPath: string;
  /** Release only to addresses matching this; null allows all. */
  allowedRecipients: RegExp | null;
  /** Never release to addresses matching this. */
  blockedRecipients: RegExp | null;
}

export class RelayConfigError extends Error {}

export interface RelayFlags {
  host: string;
  port: string;
  startTls: boolean;
  allowInsecure: boolean;
  auth: string;
  username: string;
  password: string;
  returnPath: string;
  allowedRecipients: string;
  blockedRecipients: string;
}

function regex(value: string, flag: string): RegExp | null {
  if (value === "") return null;
  try {
    return new RegExp(value, "i");
  } catch (err) {
    throw new RelayConfigError(`--${flag}: not a regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** "host", "host:port" or "[v6]:port"; a separate --smtp-relay-port wins over a port in the host. */
function hostAndPort(host: string, port: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(host) ?? /^([^:]+)(?::(\d+))?$/.exec(host);
  if (m === null) throw new RelayConfigError(`--smtp-relay-host: expected host or host:port, got ${JSON.stringify(host)}`);
  const portText = port !== "" ? port : (m[2] ?? "25");
  const n = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || n < 1 || n > 65535) throw new RelayConfigError(`--smtp-relay-port: expected a port from 1 to 65535, got ${JSON.stringify(portText)}`);
  return { host: m[1] ?? "", port: n };
}

/** null when no relay host is given: release then answers that relaying is not enabled. */
export function relayConfig(f: RelayFlags): RelayConfig | null {
  if (f.host === "") return null;
  const auth = f.auth.toLowerCase() || "none";
  if (!["none", "plain", "login", "cram-md5"].includes(auth)) throw new RelayConfigError(`--smtp-relay-auth: expected none, plain, login or cram-md5, got ${JSON.stringify(f.auth)}`);
  if (auth !== "none" && (f.username === "" || f.password === "")) throw new RelayConfigError(`--smtp-relay-auth ${auth} needs --smtp-relay-username and --smtp-relay-password`);
  return {
    ...hostAndPort(f.host, f.port),
    startTls: f.startTls,
    allowInsecure: f.allowInsecure,
    auth: auth as RelayAuth,
    username: f.username,
    password: f.password,
    returnPath: f.returnPath,
    allowedRecipients: regex(f.allowedRecipients, "smtp-relay-allowed-recipients"),
    blockedRecipients: regex(f.blockedRecipients, "smtp-relay-blocked-recipients"),
  };
}
