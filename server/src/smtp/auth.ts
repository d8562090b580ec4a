// SASL exchanges for AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN, CRAM-MD5
// (RFC 2195). Each exchange says how every client line is to be shown in
// the transcript, so secrets are masked where they are read, not later.

import { createHmac, randomBytes } from "node:crypto";
import { sameSecret } from "../same-secret.js";
import { R, type Reply } from "./replies.js";
import type { Credentials } from "./types.js";

export const MECHANISMS = ["PLAIN", "LOGIN", "CRAM-MD5"] as const;
export const MASK = "********";

export interface Shown {
  text: string;
  decoded?: string;
}

export type SaslNext =
  | { kind: "challenge"; challenge: string; decoded: string }
  | { kind: "credentials"; credentials: Credentials }
  | { kind: "error"; reply: Reply };

export interface SaslStep {
  shown: Shown;
  next: SaslNext;
}

export interface SaslExchange {
  /** A client line: the initial response (null when none was given) or a reply to a challenge. */
  respond(line: string | null): SaslStep;
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeB64(line: string): string | null {
  if (line === "=") return ""; // RFC 4954 4: "=" is an empty initial response
  return B64.test(line) ? Buffer.from(line, "base64").toString("utf8") : null;
}

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");
const userLabel = (user: string): string => `user ${JSON.stringify(user)}`;
const challenge = (text: string): SaslNext => ({ kind: "challenge", challenge: b64(text), decoded: text });
const badEncoding = (line: string): SaslStep => ({
  shown: { text: line },
  next: { kind: "error", reply: R.syntax("Invalid base64 in AUTH response") },
});

function plain(showSecrets: boolean): SaslExchange {
  return {
    respond(line) {
      if (line === null) return { shown: { text: "" }, next: challenge("") };
      const text = decodeB64(line);
      if (text === null) return badEncoding(line);
      const [, user = "", password] = text.split("\0");
      const shown = showSecrets ? { text: line, decoded: text.replaceAll("\0", "\\0") } : { text: MASK, decoded: userLabel(user) };
      if (password === undefined) return { shown, next: { kind: "error", reply: R.syntax("Malformed PLAIN response") } };
      return { shown, next: { kind: "credentials", credentials: { mechanism: "PLAIN", user, password } } };
    },
  };
}

function login(showSecrets: boolean): SaslExchange {
  let user: string | null = null;
  return {
    respond(line) {
      if (line === null) return { shown: { text: "" }, next: challenge("Username:") };
      const text = decodeB64(line);
      if (text === null) return badEncoding(line);
      if (user === null) {
        user = text;
        return { shown: { text: line, decoded: userLabel(text) }, next: challenge("Password:") };
      }
      const shown = showSecrets ? { text: line, decoded: `password ${JSON.stringify(text)}` } : { text: MASK };
      return { shown, next: { kind: "credentials", credentials: { mechanism: "LOGIN", user, password: text } } };
    },
  };
}

function cramMd5(hostname: string, showSecrets: boolean): SaslExchange {
  const nonce = `<${randomBytes(8).toString("hex")}.${Date.now()}@${hostname}>`;
  return {
    respond(line) {
      if (line === null) return { shown: { text: "" }, next: challenge(nonce) };
      const text = decodeB64(line);
      if (text === null) return badEncoding(line);
      const sp = text.lastIndexOf(" ");
      const user = sp < 0 ? text : text.slice(0, sp);
      const digest = sp < 0 ? "" : text.slice(sp + 1);
      const shown = showSecrets ? { text: line, decoded: text } : { text: MASK, decoded: userLabel(user) };
      return { shown, next: { kind: "credentials", credentials: { mechanism: "CRAM-MD5", user, challenge: nonce, digest } } };
    },
  };
}

export function startSasl(mechanism: string, hostname: string, showSecrets: boolean): SaslExchange | null {
  switch (mechanism.toUpperCase()) {
    case "PLAIN":
      return plain(showSecrets);
    case "LOGIN":
      return login(showSecrets);
    case "CRAM-MD5":
      return cramMd5(hostname, showSecrets);
    default:
      return null;
  }
}


/** Checks credentials against a user -> password table (plain text: CRAM-MD5 needs the secret itself). */
export function checkAgainst(users: ReadonlyMap<string, string>, c: Credentials): boolean {
  const password = users.get(c.user);
  if (password === undefined) return false;
  if (c.mechanism !== "CRAM-MD5") return sameSecret(password, c.password);
  const expected = createHmac("md5", password).update(c.challenge).digest("hex");
  return sameSecret(expected, c.digest.toLowerCase());
}

/** How an AUTH command line appears in the transcript: an initial response is masked, its user shown. */
export function shownAuthCommand(args: string, hostname: string, showSecrets: boolean): Shown {
  const [mechanism = "", initial, ...rest] = args.split(/[ \t]+/);
  if (initial === undefined || rest.length > 0) return { text: `AUTH ${args}` };
  const step = startSasl(mechanism, hostname, showSecrets)?.respond(initial);
  if (step === undefined) return { text: `AUTH ${args}` };
  const shown: Shown = { text: `AUTH ${mechanism} ${step.shown.text}` };
  if (step.shown.decoded !== undefined) shown.decoded = step.shown.decoded;
  return shown;
}
