// argv + environment -> Config. Every value is checked here, so start()
// receives only valid settings and a bad flag is one clear line, not a trace.

import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { OPTIONS, envName, type OptionName } from "./config-options.js";

export interface HostPort {
  host: string;
  port: number;
}

export interface Config {
  smtp: HostPort;
  http: HostPort;
  smtpHostname: string;
  smtpMaxSize: number;
  smtpMaxRecipients: number;
  smtpMaxConnections: number;
  smtpMaxErrors: number;
  smtpMaxLine: number;
  smtpIdleTimeoutMs: number;
  smtpSlowStepMs: number;
  tlsCert: string | null;
  tlsKey: string | null;
  requireTls: boolean;
  implicitTls: boolean;
  authFile: string | null;
  authRequired: boolean;
  showSecrets: boolean;
  maxMessages: number;
  maxSessions: number;
  quiet: boolean;
  /** The built web app; null serves a note instead. */
  webRoot: string | null;
}

export class ConfigError extends Error {}

export type ParsedCommand = { action: "help" } | { action: "version" } | { action: "run"; config: Config };

/** "port", "host:port", "[v6]:port", or ":port" for every interface (Go's reading, which Mailpit users know). */
export function parseHostPort(value: string, option: string): HostPort {
  let host = "127.0.0.1";
  let portText = value;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(value);
  if (v6) {
    host = v6[1] ?? "";
    portText = v6[2] ?? "";
  } else if (value.includes(":")) {
    const colon = value.lastIndexOf(":");
    host = value.slice(0, colon) || "0.0.0.0";
    portText = value.slice(colon + 1);
  }
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535 || /[\s\[\]]/.test(host)) {
    throw new ConfigError(`--${option}: expected [host:]port, got ${JSON.stringify(value)}`);
  }
  return { host, port };
}

const UNITS: Record<string, number> = { "": 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export function parseSize(value: string, option: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(value.trim());
  const unit = UNITS[(m?.[2] ?? "").toUpperCase()];
  if (!m || unit === undefined) throw new ConfigError(`--${option}: expected a size like 52428800, 50MB or 50MiB, got ${JSON.stringify(value)}`);
  return Math.floor(Number(m[1]) * unit);
}

export function parseCount(value: string, option: string, min = 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min) throw new ConfigError(`--${option}: expected a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function parseBool(value: string, option: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off|)$/i.test(value)) return false;
  throw new ConfigError(`${envName(option)}: expected true or false, got ${JSON.stringify(value)}`);
}

type Raw = Record<OptionName, string | boolean>;

/** Flags over environment over defaults. */
function readRaw(argv: string[], env: NodeJS.ProcessEnv): Raw {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const o of OPTIONS) {
    options[o.flag] = { type: o.kind };
    for (const alias of "aliases" in o ? o.aliases : []) options[alias] = { type: o.kind };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError(`${err instanceof Error ? err.message.split("\n")[0] : String(err)} (see --help)`);
  }
  const raw = {} as Raw;
  for (const o of OPTIONS) {
    const aliasValue = "aliases" in o ? o.aliases.map((a) => values[a]).find((v) => v !== undefined) : undefined;
    const fromEnv = env[envName(o.flag)];
    const flagValue = values[o.flag] ?? aliasValue;
    if (flagValue !== undefined) raw[o.flag] = flagValue;
    else if (fromEnv !== undefined) raw[o.flag] = o.kind === "boolean" ? parseBool(fromEnv, o.flag) : fromEnv;
    else raw[o.flag] = o.default;
  }
  return raw;
}

export function parseCommand(argv: string[], env: NodeJS.ProcessEnv, webRoot: string | null): ParsedCommand {
  const raw = readRaw(argv, env);
  if (raw.help === true) return { action: "help" };
  if (raw.version === true) return { action: "version" };
  const str = (name: OptionName): string => String(raw[name]);
  const bool = (name: OptionName): boolean => raw[name] === true;
  const orNull = (name: OptionName): string | null => (str(name) === "" ? null : str(name));
  const config: Config = {
    smtp: parseHostPort(str("smtp"), "smtp"),
    http: parseHostPort(str("listen"), "listen"),
    smtpHostname: orNull("smtp-hostname") ?? hostname(),
    smtpMaxSize: parseSize(str("smtp-max-size"), "smtp-max-size"),
    smtpMaxRecipients: parseCount(str("smtp-max-recipients"), "smtp-max-recipients"),
    smtpMaxConnections: parseCount(str("smtp-max-connections"), "smtp-max-connections"),
    smtpMaxErrors: parseCount(str("smtp-max-errors"), "smtp-max-errors"),
    smtpMaxLine: parseCount(str("smtp-max-line"), "smtp-max-line", 512),
    smtpIdleTimeoutMs: parseCount(str("smtp-idle-timeout"), "smtp-idle-timeout") * 1000,
    smtpSlowStepMs: parseCount(str("smtp-slow-step"), "smtp-slow-step"),
    tlsCert: orNull("smtp-tls-cert"),
    tlsKey: orNull("smtp-tls-key"),
    requireTls: bool("smtp-require-tls"),
    implicitTls: bool("smtp-tls-implicit"),
    authFile: orNull("smtp-auth-file"),
    authRequired: bool("smtp-auth-required"),
    showSecrets: bool("show-secrets"),
    maxMessages: parseCount(str("max"), "max"),
    maxSessions: parseCount(str("max-sessions"), "max-sessions"),
    quiet: bool("quiet"),
    webRoot,
  };
  if ((config.tlsCert === null) !== (config.tlsKey === null)) throw new ConfigError("--smtp-tls-cert and --smtp-tls-key go together");
  return { action: "run", config };
}
