// argv + environment -> Config. Every value is checked here, so start()
// receives only valid settings and a bad flag is one clear line, not a trace.

import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { OPTIONS, envName, type OptionName } from "./config-options.js";
import { ChaosError, parseTriggerList, type ChaosTriggers } from "./faults/chaos.js";
import { RuleError, type RuleSpec } from "./faults/rule.js";
import { parseShorthand } from "./faults/shorthand.js";
import { relayConfig, RelayConfigError, type RelayConfig } from "./relay/config.js";

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
  /** Raw bytes of all messages kept. */
  maxBytes: number;
  /** Messages older than this are dropped; 0 keeps them however old. */
  maxAgeMs: number;
  maxSessions: number;
  quiet: boolean;
  /** --smtp-relay-*: where release sends messages; null (or absent) when release is off. */
  relay?: RelayConfig | null;
  /** --enable-spamassassin: the spamd sa-check asks; null (or absent) when off. */
  spamAssassin?: HostPort | null;
  /** --fault rules, checked. (Optional: absent means none.) */
  faultRules?: RuleSpec[];
  /** --faults: a JSON file of rules, read at start. */
  faultsFile?: string | null;
  /** --enable-chaos: Mailpit's /api/v1/chaos answers. */
  enableChaos?: boolean;
  /** --chaos-triggers, set at start. */
  chaosTriggers?: ChaosTriggers | null;
  allowedOrigins: string[];
  uiAuthFile: string | null;
  apiCors: string[];
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

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "90m", "12h", "7d", "1d12h"; "" or "0" means no limit. */
export function parseDuration(value: string, option: string): number {
  const text = value.trim().toLowerCase();
  if (text === "" || text === "0") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new ConfigError(`--${option}: expected a duration like 90m, 12h, 7d or 1d12h, got ${JSON.stringify(value)}`);
  }
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS[p[2] ?? ""] ?? 0), 0));
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

const list = (value: string): string[] => value.split(",").map((v) => v.trim()).filter((v) => v !== "");

/** Flags over environment over defaults. */
function readRaw(argv: string[], env: NodeJS.ProcessEnv): Raw {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const o of OPTIONS) {
    options[o.flag] = "multiple" in o ? { type: o.kind, multiple: true } : { type: o.kind };
    for (const alias of "aliases" in o ? o.aliases : []) options[alias] = { type: o.kind };
  }
  let values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError(`${err instanceof Error ? err.message.split("\n")[0] : String(err)} (see --help)`);
  }
  const raw = {} as Raw;
  for (const o of OPTIONS) {
    const aliasValue = "aliases" in o ? o.aliases.map((a) => values[a]).find((v) => v !== undefined) : undefined;
    const fromEnv = env[envName(o.flag)];
    const given = values[o.flag] ?? aliasValue;
    // A repeated flag's values travel as lines, the form its environment twin takes.
    const flagValue = Array.isArray(given) ? given.join("\n") : given;
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
    maxBytes: parseSize(str("max-bytes"), "max-bytes"),
    maxAgeMs: parseDuration(str("max-age"), "max-age"),
    maxSessions: parseCount(str("max-sessions"), "max-sessions"),
    quiet: bool("quiet"),
    allowedOrigins: list(str("allowed-origins")),
    uiAuthFile: orNull("ui-auth-file"),
    apiCors: list(str("api-cors")),
    webRoot,
    ...faultOptions(str("fault"), orNull("faults"), bool("enable-chaos"), str("chaos-triggers")),
    relay: relayFrom(str, bool),
    spamAssassin: spamAssassinFrom(str("enable-spamassassin")),
  };
  if ((config.tlsCert === null) !== (config.tlsKey === null)) throw new ConfigError("--smtp-tls-cert and --smtp-tls-key go together");
  return { action: "run", config };
}

type FaultOptions = Required<Pick<Config, "faultRules" | "faultsFile" | "enableChaos" | "chaosTriggers">>;

function faultOptions(shorthands: string, file: string | null, enableChaos: boolean, triggers: string): FaultOptions {
  const faultRules = shorthands
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((spec) => {
      try {
        return parseShorthand(spec);
      } catch (err) {
        if (err instanceof RuleError) throw new ConfigError(`--fault ${JSON.stringify(spec)}: ${err.message}`);
        throw err;
      }
    });
  let chaosTriggers: ChaosTriggers | null = null;
  try {
    if (triggers.trim() !== "") chaosTriggers = parseTriggerList(triggers);
  } catch (err) {
    if (err instanceof ChaosError) throw new ConfigError(`--chaos-triggers: ${err.message}`);
    throw err;
  }
  return { faultRules, faultsFile: file, enableChaos, chaosTriggers };
}

function relayFrom(str: (name: OptionName) => string, bool: (name: OptionName) => boolean): RelayConfig | null {
  try {
    return relayConfig({
      host: str("smtp-relay-host"),
      port: str("smtp-relay-port"),
      startTls: bool("smtp-relay-starttls"),
      allowInsecure: bool("smtp-relay-allow-insecure"),
      auth: str("smtp-relay-auth"),
      username: str("smtp-relay-username"),
      password: str("smtp-relay-password"),
      returnPath: str("smtp-relay-return-path"),
      allowedRecipients: str("smtp-relay-allowed-recipients"),
      blockedRecipients: str("smtp-relay-blocked-recipients"),
    });
  } catch (err) {
    if (err instanceof RelayConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

/** "host:port" or "host" (spamd's port 783). Mailpit's "postmark" would send mail to a web service: not here. */
function spamAssassinFrom(value: string): HostPort | null {
  if (value === "") return null;
  if (value.toLowerCase() === "postmark") throw new ConfigError("--enable-spamassassin postmark is not supported: Mailscope asks only a spamd you run (host:port)");
  const target = parseHostPort(/:\d+$/.test(value) ? value : `${value}:783`, "enable-spamassassin");
  if (target.port === 0) throw new ConfigError(`--enable-spamassassin: port 0 is not a spamd`);
  return target;
}
