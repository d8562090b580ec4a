// One SMTP session: owns the socket, turns input into commands, payloads and
// SASL lines, writes replies in order, and records everything it reads and
// writes. Command semantics live in commands.ts; this file is the wire.

import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import type { CloseReason, LintNote } from "@mailscope/shared";
import { continueAuth, dispatch } from "./commands.js";
import { finishBdatChunk, finishData } from "./payload.js";
import { R, errorToReply, fixedFor, formatReply, reply, type Reply } from "./replies.js";
import { IDLE, type Transaction } from "./transaction.js";
import { TranscriptRecorder } from "./transcript-recorder.js";
import type { EngineOptions, MessageSink, SessionObserver, SessionPatch, TlsInfo } from "./types.js";
import { escapeWire, LineScan, scanLine } from "./wire-text.js";
import { CLOSED_MODE, COMMAND_MODE, type Mode } from "./mode.js";
import { commandNotes, withNote } from "./lint.js";
import { applyFault, decide, factsAt, faultsOn } from "./fault-hooks.js";

const LF = 0x0a;
const CR = 0x0d;
/** How long a client may keep a connection open after our closing reply. */
const CLOSE_GRACE_MS = 2000;
/** Input held while a reply is pending before the socket is paused. */
const HIGH_WATER = 256 * 1024;
/** RFC 5321 4.5.3.1.4: a command line is at most 512 octets with its CRLF. */
const RFC_COMMAND_LINE = 510;
const PRINTABLE = /^(?:[\x20-\x5b\x5d-\x7e]|\r\n)*$/;

export interface SessionDeps {
  id: string;
  /** The listener's own address when it is a single one: saves a getsockname per connection. */
  local: { address: string; port: number } | null;
  options: EngineOptions;
  sink: MessageSink;
  observer: SessionObserver;
  onEnd: () => void;
}

const greeting = fixedFor((o: EngineOptions) => reply(220, undefined, `${o.hostname} Mailscope ESMTP ready`));

/** Wire forms of the fixed (frozen) replies, worked out on first use. */
const wireForms = new WeakMap<Reply, { wire: string; shown: string }>();

/** A reply's bytes for the socket, and its text for the transcript. */
function wireForm(reply: Reply): { wire: string; shown: string } {
  const cached = wireForms.get(reply);
  if (cached !== undefined) return cached;
  const wire = formatReply(reply);
  const text = wire.slice(0, -2);
  // Our replies are printable ASCII unless they echo something; only then is escaping needed.
  const shown = PRINTABLE.test(text) ? text.replaceAll("\r\n", "\n") : text.split("\r\n").map((l) => escapeWire(Buffer.from(l, "utf8"))).join("\n");
  const form = { wire, shown };
  if (Object.isFrozen(reply)) wireForms.set(reply, form);
  return form;
}

export class SmtpSession {
  readonly id: string;
  readonly options: EngineOptions;
  readonly sink: MessageSink;
  readonly recorder: TranscriptRecorder;
  helo: { name: string; extended: boolean } | null = null;
  tls: TlsInfo | null = null;
  authUser = "";
  tx: Transaction = IDLE;
  mode: Mode = COMMAND_MODE;
  /** A fault rule refused the greeting: RFC 5321 3.1 allows only QUIT after it. */
  greetingRefused = false;
  private input: Buffer = Buffer.alloc(0);
  /** Where unhandled input starts in `input`. */
  private pos = 0;
  private busy = false;
  private errors = 0;
  private lastError = "";
  private closeReason: CloseReason | null = null;
  private pipelinedNext = false;
  private ended = false;
  /** When closeWith ended our side; the sweep destroys a socket the client leaves open past CLOSE_GRACE_MS. */
  private closingSince = 0;
  /** Replies produced while a batch of input is handled, written with one socket write. */
  private out = "";
  private lastInput = performance.now();
  private batching = false;

  constructor(
    private socket: Socket,
    private readonly deps: SessionDeps,
  ) {
    this.id = deps.id;
    this.options = deps.options;
    this.sink = deps.sink;
    this.recorder = new TranscriptRecorder(deps.id, deps.observer, deps.options.slowStepMs);
  }

  get clientAddress(): string {
    return this.socket.remoteAddress ?? "";
  }

  /** Starts the dialog: opened event, connect entry, greeting (or a 421 when over the connection limit). */
  start(refusal?: Reply): void {
    const s = this.socket;
    const client = { address: s.remoteAddress ?? "", port: s.remotePort ?? 0 };
    const local = this.deps.local ?? { address: s.localAddress ?? "", port: s.localPort ?? 0 };
    this.deps.observer.opened({
      id: this.id,
      startedAt: new Date(),
      clientAddress: client.address,
      clientPort: client.port,
      serverAddress: local.address,
      serverPort: local.port,
    });
    this.recorder.event("connect", `connection from ${client.address}:${client.port} to ${local.address}:${local.port}`);
    this.bind(s);
    if (s instanceof TLSSocket) this.tlsEstablished(s);
    if (refusal) return this.closeWith(refusal, "too-many-connections");
    if (!faultsOn(this)) return this.greet(null);
    const decision = decide(this, factsAt(this, "connect"));
    if (decision === null) return this.greet(null);
    this.wait(applyFault(this, "connect", decision, { accept: (instead) => this.greet(instead), refused: () => (this.greetingRefused = true) }));
  }

  /** `instead`: a fault rule's own 220. */
  private greet(instead: Reply | null): void {
    this.send(instead ?? greeting(this.options));
  }

  private bind(s: Socket): void {
    s.on("data", (chunk: Buffer) => this.onData(chunk));
    s.on("error", (err: Error) => this.onSocketError(err));
    s.on("close", () => this.onClose());
  }

  // ---- output ----

  send(reply: Reply): void {
    if (this.mode.kind === "closed") return;
    const { wire, shown } = wireForm(reply);
    if (this.batching) this.out += wire;
    else if (this.socket.writable) this.socket.write(wire);
    this.recorder.record("server", shown);
    if (reply.code >= 400) this.lastError = shown.replaceAll("\n", " ");
  }

  private flush(): void {
    if (this.out === "") return;
    if (this.socket.writable) this.socket.write(this.out);
    this.out = "";
  }

  /** Sends a reply to a command, counting errors toward the session's budget. */
  answer(reply: Reply): void {
    this.send(reply);
    if (reply.code >= 500 && ++this.errors >= this.options.maxErrors && this.mode.kind !== "closed") {
      this.closeWith(R.tooManyErrors(), "too-many-errors");
    }
  }

  closeWith(reply: Reply, reason: CloseReason): void {
    if (this.mode.kind === "closed") return;
    this.closeReason = reason;
    this.send(reply);
    this.mode = CLOSED_MODE;
    this.flush();
    // After QUIT nothing more is read. When the 221 is already in the kernel's hands, close outright, as
    // Postfix does, rather than half-close and wait for the client's FIN (or, from many clients, a reset
    // that Node turns into an error object with a stack trace, per connection). TLS needs its own goodbye.
    if (reason === "quit" && !(this.socket instanceof TLSSocket) && this.socket.writableLength === 0) {
      this.socket.destroy();
      return;
    }
    this.socket.end();
    this.closingSince = performance.now();
  }

  /** A fault rule's drop: replies already made go out, then the connection ends with no goodbye. */
  drop(why: string): void {
    if (this.mode.kind === "closed") return;
    this.closeReason = "fault";
    this.lastError = why;
    this.mode = CLOSED_MODE;
    this.flush();
    this.socket.destroy();
  }

  update(patch: SessionPatch): void {
    this.deps.observer.updated(this.id, patch);
  }

  // ---- input ----

  /** Called by the server's sweep; a per-socket timer costs more than the session it guards. */
  checkIdle(now: number): void {
    if (this.mode.kind === "closed") {
      // A client that never reads or closes its socket would hold it open forever.
      if (this.closingSince > 0 && now - this.closingSince > CLOSE_GRACE_MS && !this.ended) this.socket.destroy();
      return;
    }
    if (now - this.lastInput > this.options.idleTimeoutMs) this.closeWith(R.idleTimeout(), "idle-timeout");
  }

  private onData(chunk: Buffer): void {
    this.lastInput = performance.now();
    if (this.mode.kind === "closed") return;
    if (this.pos >= this.input.length) this.input = chunk;
    else this.input = Buffer.concat([this.input.subarray(this.pos), chunk]);
    this.pos = 0;
    this.pump();
  }

  /** Input not handled yet. */
  private get pending(): number {
    return this.input.length - this.pos;
  }

  private pump(): void {
    if (this.busy) {
      if (this.pending > HIGH_WATER) this.socket.pause();
      return;
    }
    // Our own batching rather than cork(): one write per batch without the stream's writev bookkeeping.
    this.batching = true;
    try {
      while (this.pos < this.input.length && !this.busy && this.mode.kind !== "closed" && this.mode.kind !== "starttls") {
        const used = this.step();
        if (used === 0) break;
        this.pos += used; // a position, not a subarray per command: one view object less each time
      }
    } finally {
      this.batching = false;
      this.flush();
    }
    if (this.mode.kind === "starttls") this.upgrade();
    else if (!this.busy && this.socket.isPaused()) this.socket.resume();
  }

  /** Handles one unit of input from `pos`; returns the bytes it used, 0 when it needs more. */
  private step(): number {
    const mode = this.mode;
    switch (mode.kind) {
      case "data": {
        const used = mode.decoder.feed(this.input, this.pos);
        if (mode.decoder.done) this.wait(finishData(this, mode.decoder));
        return used;
      }
      case "bdat": {
        const used = mode.chunk.take(this.input.subarray(this.pos));
        if (mode.chunk.complete) this.wait(finishBdatChunk(this, mode.chunk));
        return used;
      }
      case "discard-line":
        return this.discardLine(mode);
      default:
        return this.readLine();
    }
  }

  private readLine(): number {
    const input = this.input;
    const pos = this.pos;
    const lf = input.indexOf(LF, pos);
    const max = this.options.maxLineLength;
    if (lf < 0) {
      const pending = input.length - pos;
      if (pending <= max) return 0;
      // Answer now: a client waiting for a reply to a line that never ends would wait forever.
      this.recordLongLine(pending, true);
      this.answer(R.lineTooLong(max));
      if (this.mode.kind !== "closed") this.mode = { kind: "discard-line", bytes: pending };
      return pending;
    }
    const bareLf = lf === pos || input[lf - 1] !== CR;
    const end = bareLf ? lf : lf - 1;
    const used = lf + 1 - pos;
    if (end - pos > max) {
      this.recordLongLine(end - pos, false);
      this.answer(R.lineTooLong(max));
      return used;
    }
    const pipelined = this.pipelinedNext;
    this.pipelinedNext = input.length > lf + 1;
    const scan = scanLine(input, pos, end);
    const notes = commandNotes(end - pos, scan, {
      bareLf,
      pipelinedWithoutExtension: pipelined && !this.helo?.extended,
      longLine: end - pos > RFC_COMMAND_LINE,
    });
    this.onLine(input, pos, end, scan, notes);
    return used;
  }

  /** The command line is `input[start, end)`. */
  private onLine(input: Buffer, start: number, end: number, scan: number, notes: readonly LintNote[]): void {
    const text = input.toString("utf8", start, end);
    if (this.mode.kind === "auth") return this.wait(continueAuth(this, this.mode.exchange, text, notes));
    if (scan & LineScan.eightBit && !/^(MAIL|RCPT)\b/i.test(text)) notes = withNote(notes, { Kind: "8bit-without-8bitmime", Text: "8-bit bytes in a command" });
    this.wait(dispatch(this, { bytes: input, start, end, text, scan }, notes));
  }

  private discardLine(mode: { kind: "discard-line"; bytes: number }): number {
    const lf = this.input.indexOf(LF, this.pos);
    if (lf < 0) {
      mode.bytes += this.pending;
      return this.pending;
    }
    const used = lf + 1 - this.pos;
    mode.bytes += used;
    this.mode = COMMAND_MODE;
    this.recorder.event("discarded", `discarded the rest of an overlong line (${mode.bytes} bytes in all)`);
    return used;
  }

  private recordLongLine(length: number, partial: boolean): void {
    const shown = escapeWire(this.input, this.pos, Math.min(this.pos + 200, this.input.length));
    const note: LintNote = { Kind: "long-line", Text: `command line of ${length}${partial ? "+" : ""} bytes, limit ${this.options.maxLineLength}` };
    this.recorder.record("client", `${shown}… [${length}${partial ? "+" : ""} bytes]`, [note]);
  }

  /** Runs a handler result; a promise holds further input until it settles, so replies stay in order. */
  wait(result: void | Promise<void>): void {
    if (!(result instanceof Promise)) return;
    this.busy = true;
    result
      .catch((err: unknown) => this.answer(errorToReply(err)))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  // ---- STARTTLS ----

  private upgrade(): void {
    const plain = this.socket;
    if (this.pending > 0) {
      // RFC 3207 4.2 / CVE-2011-0411: input pipelined after STARTTLS is never used.
      this.recorder.event("discarded", `discarded ${this.pending} bytes sent after STARTTLS before the TLS handshake`);
      this.input = Buffer.alloc(0);
      this.pos = 0;
    }
    plain.removeAllListeners("data");
    plain.removeAllListeners("close");
    plain.removeAllListeners("error");
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.options.tls ?? undefined });
    this.socket = secure;
    this.bind(secure);
    secure.once("secure", () => {
      this.tlsEstablished(secure);
      this.helo = null; // RFC 3207 4.2: the client must send EHLO again
      this.tx = IDLE;
      this.mode = COMMAND_MODE;
      this.pump();
    });
  }

  private tlsEstablished(s: TLSSocket): void {
    const cipher = s.getCipher();
    this.tls = { protocol: s.getProtocol() ?? "", cipher: cipher.standardName ?? cipher.name };
    this.recorder.event("tls", `TLS established: ${this.tls.protocol} ${this.tls.cipher}`);
    this.update({ tls: this.tls });
  }

  // ---- end ----

  private onSocketError(err: Error): void {
    if (this.closeReason === null) {
      const tlsFailure = this.mode.kind === "starttls" || /SSL|TLS|handshake/i.test(err.message);
      this.closeReason = tlsFailure ? "tls-error" : "socket-error";
      this.recorder.event("error", `${tlsFailure ? "TLS" : "socket"} error: ${err.message}`);
      this.lastError = err.message;
    }
  }

  private onClose(): void {
    if (this.ended) return;
    this.ended = true;
    const wasMidData = this.mode.kind === "data" || this.mode.kind === "bdat" || this.tx.state === "rcpt";
    const reason: CloseReason = this.closeReason ?? "client-closed";
    this.mode = CLOSED_MODE;
    // A refusal is why a session failed even when the client then said QUIT politely.
    let error = this.lastError;
    if (reason === "client-closed") {
      const why = wasMidData ? "client disconnected during the transaction; nothing was stored" : "client disconnected without QUIT";
      error = this.lastError ? `${why} (last error: ${this.lastError})` : why;
      if (wasMidData) this.recorder.event("refused", why);
    }
    this.recorder.event("close", `connection closed (${reason})`);
    this.deps.observer.closed(this.id, { endedAt: new Date(), reason, error });
    this.deps.onEnd();
  }

  /** For QUIT: the reply, then a clean close. */
  quit(reply: Reply): void {
    this.closeWith(reply, "quit");
  }
}
