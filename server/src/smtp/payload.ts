// The end of a payload (DATA's terminating dot, or BDAT's LAST chunk): one
// transcript entry for the bytes, then delivery to the sink and its reply.

import type { LintNote } from "@mailscope/shared";
import { joinExact, type DataDecoder } from "./data-decoder.js";
import { applyFault, decide, factsAt, faultsOn, headerReader } from "./fault-hooks.js";
import { payloadNotes } from "./lint.js";
import { R, SmtpError, errorToReply, type Reply } from "./replies.js";
import { COMMAND_MODE } from "./mode.js";
import type { SmtpSession } from "./session.js";
import { IDLE, type RcptState } from "./transaction.js";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A BDAT chunk being read (RFC 3030): exactly `size` bytes, kept or, when refused, only counted. */
export class BdatChunk {
  private received = 0;
  private readonly parts: Buffer[] = [];
  lines = 0;

  constructor(
    readonly size: number,
    readonly last: boolean,
    /** Set when the chunk must be read and then refused with this reply. */
    readonly refusal: Reply | null,
  ) {}

  get complete(): boolean {
    return this.received === this.size;
  }

  take(input: Buffer): number {
    const n = Math.min(this.size - this.received, input.length);
    const part = input.subarray(0, n);
    for (let i = part.indexOf(0x0a); i >= 0; i = part.indexOf(0x0a, i + 1)) this.lines++;
    if (this.refusal === null) this.parts.push(part); // copied once, by joinExact at LAST
    this.received += n;
    return n;
  }

  bytes(): Buffer[] {
    return this.parts;
  }
}

export function finishData(s: SmtpSession, decoder: DataDecoder): void | Promise<void> {
  s.mode = COMMAND_MODE;
  const tx = s.tx;
  if (tx.state !== "rcpt") return;
  const stats = decoder.stats;
  const text = `[message data: ${plural(stats.size, "byte")}, ${plural(stats.lines, "line")}]`;
  const notes = payloadNotes(stats, tx.eightBitOk);
  const extra = { Size: stats.size, Lines: stats.lines };
  const raw = decoder.message();
  if (raw === null) return refuse(s, text, notes, extra, R.tooBig(s.options.maxMessageSize), `message of ${stats.size} bytes is over the ${s.options.maxMessageSize}-byte limit`);
  return endOfData(s, tx, raw, text, notes, extra);
}

export function finishBdatChunk(s: SmtpSession, chunk: BdatChunk): void | Promise<void> {
  s.mode = COMMAND_MODE;
  const text = `[BDAT chunk: ${plural(chunk.size, "byte")}, ${plural(chunk.lines, "line")}${chunk.last ? ", LAST" : ""}]`;
  const extra = { Size: chunk.size, Lines: chunk.lines };
  if (chunk.refusal !== null) {
    const why = chunk.refusal.code === 552 ? "message grew over the size limit" : "BDAT outside a mail transaction";
    return refuse(s, text, [], extra, chunk.refusal, why);
  }
  const tx = s.tx;
  if (tx.state !== "rcpt") return;
  tx.chunks.push(...chunk.bytes());
  tx.chunkBytes += chunk.size;
  if (!chunk.last) {
    s.recorder.record("client", text, [], extra);
    s.send(R.chunkOk(chunk.size));
    return;
  }
  const raw = joinExact(tx.chunks, tx.chunkBytes);
  return endOfData(s, tx, raw, text, [], { Size: raw.length, Lines: chunk.lines });
}

/** The data-end stage: the fault policy sees the whole message before it is delivered. */
function endOfData(s: SmtpSession, tx: RcptState, raw: Buffer, text: string, notes: LintNote[], extra: Extra): void | Promise<void> {
  if (!faultsOn(s)) return deliver(s, tx, raw, text, notes, extra, null);
  const at = s.recorder.now();
  const decision = decide(s, factsAt(s, "data-end", { size: raw.length, header: headerReader(raw) }));
  if (decision === null) return deliver(s, tx, raw, text, notes, extra, null);
  // The payload arrived before the rule fired: its entry comes first, and a pause shows after it.
  s.recorder.record("client", text, notes, extra, undefined, at);
  return applyFault(s, "data-end", decision, {
    accept: (instead) => deliver(s, tx, raw, text, notes, extra, { instead }),
    refused: (why) => {
      s.tx = IDLE;
      s.recorder.event("refused", `message not stored: ${why}`);
    },
  });
}

type Extra = { Size: number; Lines: number };

function refuse(s: SmtpSession, text: string, notes: LintNote[], extra: Extra, reply: Reply, why: string): void {
  s.recorder.record("client", text, notes, extra);
  s.recorder.event("refused", `message refused: ${why}`);
  s.tx = IDLE;
  s.answer(reply);
}

/** `fault`: set when a rule let the message through, its payload entry already recorded. */
function deliver(s: SmtpSession, tx: RcptState, raw: Buffer, text: string, notes: LintNote[], extra: Extra, fault: { instead: Reply | null } | null): void | Promise<void> {
  const at = s.recorder.now();
  s.tx = IDLE;
  // The payload entry (unless already there), the stored event and the reply follow: the span ends at the reply.
  const span = { First: tx.firstSeq, Last: s.recorder.nextSeq + (fault === null ? 2 : 1) };
  const message = {
    sessionId: s.id,
    envelope: { mailFrom: tx.from, rcptTo: tx.to, helo: s.helo?.name ?? "", authUser: s.authUser, tls: s.tls !== null, clientAddress: s.clientAddress },
    raw,
    receivedAt: new Date(),
    span,
  };
  const stored = (id: string): void => {
    // Spelled out rather than `{ ...extra, MessageID }`: a field added to a spread copy took V8's slow path (2 µs a message).
    if (fault === null) s.recorder.record("client", text, notes, { Size: extra.Size, Lines: extra.Lines, MessageID: id }, undefined, at);
    s.recorder.event("stored", `message stored as ${id}`, { MessageID: id });
    s.send(fault?.instead ?? R.queued(id));
  };
  const failed = (err: unknown): void => {
    if (fault === null) s.recorder.record("client", text, notes, extra, undefined, at);
    s.recorder.event("refused", `message refused: ${err instanceof SmtpError ? err.reply.lines.join(" ") : String(err)}`);
    s.answer(errorToReply(err));
  };
  let result: string | Promise<string>;
  try {
    result = s.sink.deliver(message);
  } catch (err) {
    return failed(err);
  }
  if (typeof result === "string") return stored(result);
  return result.then(stored, failed);
}
