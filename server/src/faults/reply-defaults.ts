// The text and enhanced code a rule's reply gets when it names only a code:
// the wording of the SMTP primer and RFC 5321 4.2, the codes of RFC 3463.

import type { FaultStage } from "../smtp/types.js";

const TEXT: Record<number, string> = {
  220: "Service ready",
  221: "Service closing transmission channel",
  235: "Authentication successful",
  250: "Requested action completed",
  251: "User not local; will forward",
  354: "Start mail input; end with <CRLF>.<CRLF>",
  421: "Service not available, closing transmission channel",
  450: "Requested action not taken: mailbox busy",
  451: "Requested action aborted: local error in processing",
  452: "Requested action not taken: insufficient system storage",
  454: "Temporary authentication failure",
  500: "Syntax error, command unrecognized",
  501: "Syntax error in parameters or arguments",
  502: "Command not implemented",
  503: "Bad sequence of commands",
  504: "Command parameter not implemented",
  530: "Authentication required",
  535: "Authentication credentials invalid",
  550: "Requested action not taken: mailbox unavailable",
  551: "User not local; please try another path",
  552: "Requested mail action aborted: exceeded storage allocation",
  553: "Requested action not taken: mailbox name not allowed",
  554: "Transaction failed",
};

const ENHANCED: Record<number, string> = {
  221: "2.0.0",
  235: "2.7.0",
  251: "2.1.5",
  421: "4.3.2",
  450: "4.2.1",
  451: "4.3.0",
  452: "4.3.1",
  454: "4.7.0",
  500: "5.5.2",
  501: "5.5.4",
  502: "5.5.1",
  503: "5.5.1",
  504: "5.5.4",
  530: "5.7.0",
  535: "5.7.8",
  551: "5.1.6",
  552: "5.3.4",
  553: "5.1.3",
  554: "5.0.0",
};

export function defaultText(code: number): string {
  return TEXT[code] ?? (code < 400 ? "OK" : code < 500 ? "Temporary failure" : "Permanent failure");
}

/** Undefined where RFC 2034 puts none: the greeting, the HELO/EHLO reply and 354. */
export function defaultEnhanced(code: number, stage: FaultStage): string | undefined {
  if (stage === "connect" || code === 354 || (stage === "helo" && code === 250)) return undefined;
  if (code === 250) return stage === "mail" ? "2.1.0" : stage === "rcpt" ? "2.1.5" : "2.0.0";
  if (code === 550) return stage === "rcpt" ? "5.1.1" : stage === "mail" ? "5.1.8" : "5.7.1";
  return ENHANCED[code] ?? `${Math.floor(code / 100)}.0.0`;
}
