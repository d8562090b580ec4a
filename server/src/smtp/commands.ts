// The command table: one handler per verb, one path for unknown verbs.
// Handlers read and replace the session's transaction and send their replies;
// an SmtpError thrown anywhere becomes the reply (and counts as an error).

import type { LintNote } from "@mailscope/shared";
import { MASK, MECHANISMS, shownAuthCommand, startSasl, type SaslExchange, type SaslNext } from "./auth.js";
import { DataDecoder } from "./data-decoder.js";
import { parseCommandLine, parsePathArgs, type EsmtpParams } from "./parse-command.js";
import { BdatChunk, finishBdatChunk } from "./payload.js";
import { faultStep, faultsOn } from "./fault-hooks.js";
import { R, SmtpError, errorToReply, fixedFor, reply, type Reply } from "./replies.js";
import { COMMAND_MODE } from "./mode.js";
import type { SmtpSession } from "./session.js";
import { IDLE, withRecipient, type MailState, type RcptState } from "./transaction.js";
import type { Credentials, EngineOptions, EnvelopeAddress } from "./types.js";
import { withNote } from "./lint.js";
import { escapeWire, LineScan } from "./wire-text.js";

interface Command {
  args: string;
  /** Seq of this command's transcript entry. */
  seq: number;
}

type Handler = (s: SmtpSession, c: Command) => void | Promise<void>;

const VERBS = ["HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "RESET", "NOOP", "QUIT", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH"] as const;
type Verb = (typeof VERBS)[number];
const isVerb = (v: string): v is Verb => (VERBS as readonly string[]).includes(v);

/** HTTP on the SMTP port is a misdirected browser or a cross-protocol attack: close at once (as Postfix does). */
const FORBIDDEN = new Set(["GET", "POST", "PUT", "HEAD", "CONNECT", "OPTIONS", "DELETE"]);

const fail = (r: ReturnType<typeof R.syntax>): never => {
  throw new SmtpError(r);
};

function requireNoArgs(c: Command, verb: string): void {
  if (c.args !== "") fail(R.syntax(`Syntax: ${verb} takes no arguments`));
}

function helo(s: SmtpSession, c: Command, extended: boolean): void | Promise<void> {
  const name = c.args.split(/[ \t]/)[0] ?? "";
  if (name === "") fail(R.syntax(`Syntax: ${extended ? "EHLO" : "HELO"} hostname`));
  if (faultsOn(s)) return faultStep(s, "helo", { helo: name }, { accept: (instead) => greet(s, name, extended, instead) });
  greet(s, name, extended, null);
}

function ehloReply(o: EngineOptions, first: string, offerTls: boolean): Reply {
  const lines = [first, "PIPELINING", `SIZE ${o.maxMessageSize}`, "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "CHUNKING"];
  if (offerTls) lines.push("STARTTLS");
  lines.push(`AUTH ${MECHANISMS.join(" ")}`, "HELP");
  return reply(250, undefined, ...lines);
}

// Made once per engine, not per session.
const heloOk = fixedFor((o: EngineOptions) => reply(250, undefined, `${o.hostname} greets you`));
const ehloOk = fixedFor((o: EngineOptions) => ehloReply(o, `${o.hostname} greets you`, false));
const ehloOkWithTls = fixedFor((o: EngineOptions) => ehloReply(o, `${o.hostname} greets you`, true));

/** `instead`: a fault rule's 250, whose text replaces our first line. */
function greet(s: SmtpSession, name: string, extended: boolean, instead: Reply | null): void {
  s.tx = IDLE;
  s.helo = { name, extended };
  s.update({ helo: name });
  if (!extended) return s.send(instead ?? heloOk(s.options));
  const offerTls = s.options.tls !== null && s.tls === null;
  if (instead !== null) return s.send(ehloReply(s.options, instead.lines.join(" "), offerTls));
  s.send(offerTls ? ehloOkWithTls(s.options) : ehloOk(s.options));
}

/** MAIL parameters we advertise (SIZE RFC 1870, BODY RFC 6152, SMTPUTF8 RFC 6531, AUTH RFC 4954). */
function checkMailParams(s: SmtpSession, params: EsmtpParams): void {
  for (const [key, value] of Object.entries(params)) {
    if (key === "SIZE") {
      if (value === null || !/^\d{1,15}$/.test(value)) fail(R.syntax("SIZE needs a number of bytes"));
      if (Number(value) > s.options.maxMessageSize) fail(R.tooBig(s.options.maxMessageSize));
    } else if (key === "BODY") {
      if (value === null || !/^(7BIT|8BITMIME)$/i.test(value)) fail(R.syntax("BODY must be 7BIT or 8BITMIME"));
    } else if (key === "SMTPUTF8") {
      if (value !== null) fail(R.syntax("SMTPUTF8 takes no value"));
    } else if (key !== "AUTH") {
      fail(R.paramNotRecognised(key));
    }
  }
}

function rset(s: SmtpSession): void {
  s.tx = IDLE;
  s.send(R.reset());
}

const table = {
  HELO: (s, c) => helo(s, c, false),
  EHLO: (s, c) => helo(s, c, true),
  MAIL(s, c) {
    if (s.helo === null) fail(R.badSequence("Send HELO/EHLO first"));
    if (s.tx.state !== "idle") fail(R.badSequence("Nested MAIL command"));
    if (s.options.requireTls && s.tls === null) fail(R.tlsRequired());
    if (s.options.auth.required && s.authUser === "") fail(R.authRequired());
    const { mailbox, params } = parsePathArgs(c.args, "FROM");
    checkMailParams(s, params);
    const from = { address: mailbox.address, params };
    if (faultsOn(s)) return faultStep(s, "mail", { address: from.address }, { accept: (instead) => acceptMail(s, c, from, instead) });
    acceptMail(s, c, from, null);
  },
  RCPT(s, c) {
    const tx = s.tx;
    if (tx.state === "idle") fail(R.badSequence("Need MAIL before RCPT"));
    if (tx.state === "idle") return;
    let rcpt: EnvelopeAddress;
    try {
      const { mailbox, params } = parsePathArgs(c.args, "TO");
      const first = Object.keys(params)[0];
      if (first !== undefined) fail(R.paramNotRecognised(first));
      if (tx.state === "rcpt" && tx.to.length >= s.options.maxRecipients) fail(R.tooManyRecipients(s.options.maxRecipients));
      rcpt = { address: mailbox.address, params };
    } catch (err) {
      tx.refusedRecipients++;
      throw err;
    }
    if (faultsOn(s)) {
      const refused = (): void => void tx.refusedRecipients++;
      return faultStep(s, "rcpt", { address: rcpt.address }, { accept: (instead) => acceptRcpt(s, tx, rcpt, instead), refused });
    }
    acceptRcpt(s, tx, rcpt, null);
  },
  DATA(s, c) {
    requireNoArgs(c, "DATA");
    const tx = s.tx;
    if (tx.state === "idle") fail(R.badSequence("Need MAIL before DATA"));
    if (tx.state === "mail") fail(tx.refusedRecipients > 0 ? reply(554, "5.5.1", "No valid recipients") : R.badSequence("Need RCPT before DATA"));
    if (tx.state === "rcpt" && tx.chunks.length > 0) fail(R.badSequence("DATA cannot follow BDAT in one transaction"));
    if (faultsOn(s)) return faultStep(s, "data", {}, { accept: (instead) => startData(s, instead) });
    startData(s, null);
  },
  BDAT(s, c) {
    const m = /^(\d{1,15})(?:[ \t]+(LAST))?$/i.exec(c.args);
    if (!m) fail(R.syntax("Syntax: BDAT size [LAST]"));
    const size = Number(m?.[1]);
    const tx = s.tx;
    let refusal = null;
    if (tx.state !== "rcpt") refusal = R.badSequence(tx.state === "idle" ? "Need MAIL before BDAT" : "Need RCPT before BDAT");
    else if (tx.chunkBytes + size > s.options.maxMessageSize) refusal = R.tooBig(s.options.maxMessageSize);
    const chunk = new BdatChunk(size, m?.[2] !== undefined, refusal);
    if (size === 0) return finishBdatChunk(s, chunk);
    s.mode = { kind: "bdat", chunk };
  },
  RSET: rset,
  RESET: rset, // the primer's spelling
  NOOP: (s) => s.send(R.ok()),
  QUIT: (s) => s.quit(R.bye()),
  VRFY(s, c) {
    if (c.args === "") fail(R.syntax("Syntax: VRFY address"));
    s.send(R.vrfy());
  },
  EXPN: () => fail(R.notImplemented()),
  HELP: (s) => s.send(R.help()),
  STARTTLS(s, c) {
    requireNoArgs(c, "STARTTLS");
    if (s.tls !== null) fail(R.tlsAlready());
    if (s.options.tls === null) fail(R.tlsUnavailable());
    s.send(R.readyTls());
    s.mode = { kind: "starttls" };
  },
  AUTH(s, c) {
    const [mechanism = "", initial, extra] = c.args.split(/[ \t]+/);
    if (s.helo?.extended !== true) fail(R.badSequence("Send EHLO before AUTH"));
    if (s.authUser !== "") fail(R.badSequence("Already authenticated"));
    if (s.tx.state !== "idle") fail(R.badSequence("AUTH not permitted during a mail transaction"));
    if (s.options.requireTls && s.tls === null) fail(R.tlsRequired());
    if (mechanism === "" || extra !== undefined) fail(R.syntax("Syntax: AUTH mechanism [initial-response]"));
    const exchange = startSasl(mechanism, s.options.hostname, s.options.showSecrets);
    if (exchange === null) fail(R.unknownMechanism());
    if (exchange === null) return;
    return nextSasl(s, exchange, exchange.respond(initial ?? null).next);
  },
} satisfies Record<Verb, Handler>;

// The success paths of the commands a fault rule can refuse; `instead` is a rule's positive reply.

function acceptMail(s: SmtpSession, c: Command, from: EnvelopeAddress, instead: Reply | null): void {
  const smtputf8 = "SMTPUTF8" in from.params;
  const eightBitOk = smtputf8 || from.params["BODY"]?.toUpperCase() === "8BITMIME";
  s.tx = { state: "mail", from, firstSeq: c.seq, eightBitOk, smtputf8, refusedRecipients: 0 };
  s.send(instead ?? R.senderOk());
}

function acceptRcpt(s: SmtpSession, tx: MailState | RcptState, rcpt: EnvelopeAddress, instead: Reply | null): void {
  s.tx = withRecipient(tx, rcpt);
  s.send(instead ?? R.recipientOk());
}

function startData(s: SmtpSession, instead: Reply | null): void {
  s.send(instead ?? R.startData());
  s.mode = { kind: "data", decoder: new DataDecoder(s.options.maxMessageSize) };
}

function authenticated(s: SmtpSession, credentials: Credentials, instead: Reply | null): void {
  s.authUser = credentials.user;
  s.update({ authUser: credentials.user });
  s.recorder.event("auth", `authenticated as ${JSON.stringify(credentials.user)} (${credentials.mechanism})`);
  s.send(instead ?? R.authOk());
}

function nextSasl(s: SmtpSession, exchange: SaslExchange, next: SaslNext): void | Promise<void> {
  s.mode = COMMAND_MODE;
  if (next.kind === "error") return s.answer(next.reply);
  if (next.kind === "challenge") {
    s.mode = { kind: "auth", exchange };
    return s.send(reply(334, undefined, next.challenge));
  }
  const { credentials } = next;
  if (!s.options.auth.check(credentials)) {
    s.recorder.event("auth", `authentication failed for ${JSON.stringify(credentials.user)} (${credentials.mechanism})`);
    return s.answer(R.authFailed());
  }
  if (faultsOn(s)) return faultStep(s, "auth", { authUser: credentials.user }, { accept: (instead) => authenticated(s, credentials, instead) });
  authenticated(s, credentials, null);
}

/** A client line during an AUTH exchange: a response to our 334, or "*" to cancel (RFC 4954 4). */
export function continueAuth(s: SmtpSession, exchange: SaslExchange, text: string, notes: readonly LintNote[]): void | Promise<void> {
  if (text === "*") {
    s.recorder.record("client", "*", notes);
    s.mode = COMMAND_MODE;
    return s.answer(R.authCancelled());
  }
  const step = exchange.respond(text);
  const shown = step.shown.text === MASK ? MASK : escapeWire(Buffer.from(step.shown.text, "utf8"));
  s.recorder.record("client", shown, notes, step.shown.decoded === undefined ? undefined : { Decoded: step.shown.decoded });
  return nextSasl(s, exchange, step.next);
}

/** A command line: its bytes are `bytes[start, end)`; `scan` is scanLine's flags for them. */
export interface CommandLineInput {
  bytes: Buffer;
  start: number;
  end: number;
  text: string;
  scan: number;
}

export function dispatch(s: SmtpSession, line: CommandLineInput, notes: readonly LintNote[]): void | Promise<void> {
  const { text, scan } = line;
  const { verb, args } = parseCommandLine(text);
  const eightBit = (scan & LineScan.eightBit) !== 0;
  if ((verb === "MAIL" && eightBit && !/[ \t]SMTPUTF8\b/i.test(args)) || (verb === "RCPT" && eightBit && !(s.tx.state !== "idle" && s.tx.smtputf8))) {
    notes = withNote(notes, { Kind: "8bit-without-8bitmime", Text: "UTF-8 address without SMTPUTF8 on MAIL" });
  }
  const shown = verb === "AUTH" ? shownAuthCommand(args, s.options.hostname, s.options.showSecrets) : null;
  const wireText = shown !== null ? escapeWire(Buffer.from(shown.text, "utf8")) : (scan & LineScan.escaped) === 0 ? text : escapeWire(line.bytes, line.start, line.end);
  const seq = s.recorder.record("client", wireText, notes, shown?.decoded === undefined ? undefined : { Decoded: shown.decoded });
  if (FORBIDDEN.has(verb)) return s.closeWith(R.forbiddenCommand(), "forbidden-command");
  if (!isVerb(verb)) return s.answer(R.unknownCommand());
  if (s.greetingRefused && verb !== "QUIT") return s.answer(R.badSequence("Service was refused at connect; only QUIT is accepted"));
  try {
    const result = table[verb](s, { args, seq });
    if (result instanceof Promise) return result.catch((err: unknown) => s.answer(errorToReply(err)));
  } catch (err) {
    s.answer(errorToReply(err));
  }
}
