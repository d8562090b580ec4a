// Pure parsers for command lines, paths and ESMTP parameters. No I/O, no
// session state: each takes text and returns values or throws an SmtpError
// carrying the 501/555 the session should send. Grammar: RFC 5321 4.1.2.

import { R, SmtpError } from "./replies.js";

export interface CommandLine {
  /** Upper-cased command word. */
  verb: string;
  /** Everything after the first run of spaces, trailing spaces removed. */
  args: string;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

// A scan rather than regular expressions: this runs for every command line.
export function parseCommandLine(line: string): CommandLine {
  let end = line.length;
  while (end > 0 && isBlank(line.charCodeAt(end - 1))) end--;
  let verbEnd = 0;
  while (verbEnd < end && !isBlank(line.charCodeAt(verbEnd))) verbEnd++;
  let argsStart = verbEnd;
  while (argsStart < end && isBlank(line.charCodeAt(argsStart))) argsStart++;
  return { verb: line.slice(0, verbEnd).toUpperCase(), args: argsStart < end ? line.slice(argsStart, end) : "" };
}

export interface Mailbox {
  /** local@domain as given (source route removed); "" for the null path <>. */
  address: string;
  local: string;
  domain: string;
}

/** ESMTP parameters in the order given; keys upper-cased, null for a keyword without value. */
export type EsmtpParams = Record<string, string | null>;

export interface PathWithParams {
  mailbox: Mailbox;
  params: EsmtpParams;
}

const FROM_PREFIX = /^FROM:[ \t]*/i;
const TO_PREFIX = /^TO:[ \t]*/i;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const ATOM = /^[\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~]+$/u;
// The ASCII forms nearly every address takes, checked whole without splitting; anything else
// (UTF-8 under SMTPUTF8) goes through the per-label Unicode test.
const ASCII_DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const ASCII_DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

function isDomain(d: string): boolean {
  if (d.startsWith("[") && d.endsWith("]")) return /^\[[\w.:-]+\]$/.test(d);
  if (d.length === 0 || d.length > 255) return false;
  return ASCII_DOMAIN.test(d) || d.split(".").every((l) => LABEL.test(l));
}

function isLocalPart(l: string): boolean {
  if (l.startsWith('"')) return /^"(?:[^"\\\r\n]|\\[\x20-\x7e])*"$/u.test(l);
  return l.length > 0 && (ASCII_DOT_ATOM.test(l) || l.split(".").every((a) => ATOM.test(a)));
}

/** Finds the '>' that closes a path, skipping quoted strings and their escapes. */
function closingBracket(s: string, from: number): number {
  let inQuote = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (inQuote && c === "\\") i++;
    else if (c === '"') inQuote = !inQuote;
    else if (c === ">" && !inQuote) return i;
  }
  return -1;
}

/** Splits "local@domain" at the last '@' outside quotes. */
export function parseMailbox(text: string): Mailbox | null {
  // A source route (@a,@b:) is obsolete; RFC 5321 4.1.1.3 says to ignore it.
  const path = /^@[^:]*:/.test(text) ? text.slice(text.indexOf(":") + 1) : text;
  const at = path.lastIndexOf("@");
  if (at <= 0) return null;
  const local = path.slice(0, at);
  const domain = path.slice(at + 1);
  if (!isLocalPart(local) || !isDomain(domain)) return null;
  return { address: path, local, domain };
}

/** The parameters of a command that has none (most): one shared, frozen value. */
const NO_PARAMS: EsmtpParams = Object.freeze({});

export function parseParams(text: string): EsmtpParams {
  if (text.trim() === "") return NO_PARAMS;
  const params: EsmtpParams = {};
  for (const word of text.split(/[ \t]+/)) {
    if (word === "") continue;
    const eq = word.indexOf("=");
    const key = (eq < 0 ? word : word.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? null : word.slice(eq + 1);
    if (!/^[A-Z0-9][A-Z0-9-]*$/.test(key)) throw new SmtpError(R.syntax(`Invalid parameter ${JSON.stringify(word)}`));
    if (value !== null && (value === "" || /[\x00-\x20=\x7f]/.test(value))) throw new SmtpError(R.syntax(`Invalid value for parameter ${key}`));
    params[key] = value;
  }
  return params;
}

/**
 * Parses the argument of MAIL ("FROM:<path> params") or RCPT ("TO:<path> params").
 * Lenient where real clients are sloppy: a space after the colon, a path without brackets.
 */
export function parsePathArgs(args: string, keyword: "FROM" | "TO"): PathWithParams {
  const bad = keyword === "FROM" ? R.badSender : R.badRecipient;
  const m = (keyword === "FROM" ? FROM_PREFIX : TO_PREFIX).exec(args);
  if (!m) throw new SmtpError(R.syntax(`Syntax: ${keyword === "FROM" ? "MAIL FROM:<address>" : "RCPT TO:<address>"}`));
  const rest = args.slice(m[0].length);
  let pathText: string;
  let tail: string;
  if (rest.startsWith("<")) {
    const close = closingBracket(rest, 1);
    if (close < 0) throw new SmtpError(bad("Unterminated address: missing '>'"));
    pathText = rest.slice(1, close);
    tail = rest.slice(close + 1);
    if (tail !== "" && !/^[ \t]/.test(tail)) throw new SmtpError(R.syntax("Unexpected text after address"));
  } else {
    const sp = rest.search(/[ \t]/);
    pathText = sp < 0 ? rest : rest.slice(0, sp);
    tail = sp < 0 ? "" : rest.slice(sp);
  }
  const params = parseParams(tail);
  if (pathText === "") {
    if (keyword === "TO") throw new SmtpError(R.badRecipient("Null recipient <> is not allowed"));
    return { mailbox: { address: "", local: "", domain: "" }, params };
  }
  if (keyword === "TO" && pathText.toLowerCase() === "postmaster") {
    return { mailbox: { address: pathText, local: pathText, domain: "" }, params };
  }
  const mailbox = parseMailbox(pathText);
  if (!mailbox) throw new SmtpError(bad(`Bad ${keyword === "FROM" ? "sender" : "recipient"} address syntax`));
  return { mailbox, params };
}
