// The mail transaction as one value. Every way a transaction ends (RSET,
// EHLO, STARTTLS, end of data, refusal) goes back to IDLE; nothing is reset
// field by field.

import type { EnvelopeAddress } from "./types.js";

export interface MailState {
  state: "mail";
  from: EnvelopeAddress;
  /** Transcript position of the MAIL command: the start of the message's span. */
  firstSeq: number;
  /** The client declared 8-bit content (BODY=8BITMIME) or SMTPUTF8. */
  eightBitOk: boolean;
  /** MAIL carried SMTPUTF8 (RFC 6531): UTF-8 addresses are allowed. */
  smtputf8: boolean;
  /** RCPT commands refused so far: DATA with none accepted gets 554, not 503. */
  refusedRecipients: number;
}

export interface RcptState extends Omit<MailState, "state"> {
  state: "rcpt";
  to: EnvelopeAddress[];
  /** BDAT chunks received so far, and their total size. */
  chunks: Buffer[];
  chunkBytes: number;
}

export type Transaction = { state: "idle" } | MailState | RcptState;

export const IDLE: Transaction = Object.freeze({ state: "idle" });

export function withRecipient(tx: MailState | RcptState, rcpt: EnvelopeAddress): RcptState {
  if (tx.state === "rcpt") {
    tx.to.push(rcpt);
    return tx;
  }
  // Spelled out, not spread: this runs once per message and spreads are slow in V8.
  return {
    state: "rcpt",
    from: tx.from,
    firstSeq: tx.firstSeq,
    eightBitOk: tx.eightBitOk,
    smtputf8: tx.smtputf8,
    refusedRecipients: tx.refusedRecipients,
    to: [rcpt],
    chunks: [],
    chunkBytes: 0,
  };
}
