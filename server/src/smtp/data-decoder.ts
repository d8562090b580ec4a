// The DATA payload decoder: a byte state machine carried across chunk
// boundaries. Only CRLF "." CRLF ends the data (RFC 5321 4.1.1.4); a leading
// dot is removed from every line (4.5.2). Bare LF and bare CR never start a
// line, so "\n.\n" or "\r.\r" cannot end the data: no SMTP smuggling.

import { isAscii } from "node:buffer";

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;
const CR_BYTE = Buffer.from([CR]);

/** Longest line RFC 5322 2.1.1 allows, without its CRLF. */
export const MAX_TEXT_LINE = 998;

type State =
  | "bol" // at the beginning of a line (after CRLF, or at the start)
  | "dot" // saw "." at the beginning of a line
  | "dot-cr" // saw ".\r" at the beginning of a line
  | "cr" // saw "\r" inside a line
  | "data" // inside a line
  | "done"; // saw CRLF.CRLF

export interface DataStats {
  /** Bytes of the message after dot removal, counted even past the size limit. */
  size: number;
  /** CRLF-terminated lines. */
  lines: number;
  bareLf: number;
  bareCr: number;
  nul: number;
  eightBit: boolean;
  longLines: number;
  longestLine: number;
  /** The message grew over the limit: its bytes were counted but not kept. */
  overLimit: boolean;
}

export class DataDecoder {
  private state: State = "bol";
  private chunks: Buffer[] = [];
  private kept = 0;
  private lineLength = 0;
  readonly stats: DataStats = {
    size: 0,
    lines: 0,
    bareLf: 0,
    bareCr: 0,
    nul: 0,
    eightBit: false,
    longLines: 0,
    longestLine: 0,
    overLimit: false,
  };

  /**
   * `nativeScan`: inside a line of a chunk with no NUL and no 8-bit byte, find
   * the next CR or LF with Buffer.indexOf (memchr) rather than a test per
   * byte. Off only in tests, which check that both ways decode alike.
   */
  constructor(
    private readonly maxSize: number,
    private readonly nativeScan = true,
  ) {}

  get done(): boolean {
    return this.state === "done";
  }

  /** Consumes bytes from `start` up to and including the terminator; returns how many it took. */
  feed(buf: Buffer, start = 0): number {
    let runStart = start;
    let i = start;
    const n = buf.length;
    let state = this.state;
    // In a plain chunk only CR and LF end a run inside a line; their next positions are found
    // natively and kept until passed (-2: not looked up yet, -1: none left in this chunk).
    const plain = this.nativeScan && n - start > 64 && isAscii(start === 0 ? buf : buf.subarray(start)) && buf.indexOf(0, start) < 0;
    let nextCr = -2;
    let nextLf = -2;
    for (; i < n && state !== "done"; i++) {
      const b = buf[i] as number;
      switch (state) {
        case "bol":
          if (b === DOT) {
            this.keep(buf, runStart, i); // the dot is dropped: stuffing or terminator
            runStart = i + 1;
            state = "dot";
          } else state = this.inLine(b);
          break;
        case "dot":
          if (b === CR) {
            runStart = i + 1; // held back: part of the terminator if LF follows
            state = "dot-cr";
          } else state = this.inLine(b);
          break;
        case "dot-cr":
          if (b === LF) {
            runStart = i + 1;
            state = "done";
          } else {
            this.keep(CR_BYTE, 0, 1); // not a terminator: the held CR is data
            this.stats.bareCr++;
            this.lineLength++;
            state = this.inLine(b);
          }
          break;
        case "cr":
          if (b === LF) {
            this.endLine();
            state = "bol";
          } else {
            this.stats.bareCr++;
            state = this.inLine(b);
          }
          break;
        case "data": {
          // The common case: run to the end of the line in a tight loop.
          if (b !== CR && b !== LF && b !== 0 && b < 0x80) {
            let j: number;
            if (plain) {
              if (nextCr === -2 || (nextCr >= 0 && nextCr <= i)) nextCr = buf.indexOf(CR, i + 1);
              if (nextLf === -2 || (nextLf >= 0 && nextLf <= i)) nextLf = buf.indexOf(LF, i + 1);
              j = nextCr < 0 ? (nextLf < 0 ? n : nextLf) : nextLf < 0 ? nextCr : Math.min(nextCr, nextLf);
            } else {
              j = i + 1;
              while (j < n) {
                const c = buf[j] as number;
                if (c === CR || c === LF || c === 0 || c >= 0x80) break;
                j++;
              }
            }
            this.lineLength += j - i;
            i = j - 1;
          } else state = this.inLine(b);
          break;
        }
      }
    }
    this.keep(buf, runStart, i);
    this.state = state;
    return i - start;
  }

  /** The message bytes, or null when they grew over the limit. */
  message(): Buffer | null {
    if (this.stats.overLimit) return null;
    return joinExact(this.chunks, this.kept);
  }

  // One byte inside a line: returns the next state.
  private inLine(b: number): State {
    if (b === CR) return "cr";
    if (b === LF) this.stats.bareLf++;
    else if (b === 0) this.stats.nul++;
    else if (b >= 0x80) this.stats.eightBit = true;
    this.lineLength++;
    return "data";
  }

  private endLine(): void {
    this.stats.lines++;
    if (this.lineLength > MAX_TEXT_LINE) this.stats.longLines++;
    if (this.lineLength > this.stats.longestLine) this.stats.longestLine = this.lineLength;
    this.lineLength = 0;
  }

  private keep(buf: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const len = to - from;
    this.stats.size += len;
    if (this.stats.overLimit) return;
    if (this.stats.size > this.maxSize) {
      this.stats.overLimit = true;
      this.chunks = [];
      this.kept = 0;
      return;
    }
    // A view, not a copy: sockets hand out a fresh buffer per read, and message() copies once.
    this.chunks.push(buf.subarray(from, to));
    this.kept += len;
  }
}

/**
 * One copy into a buffer of exactly the message's size, outside Node's shared
 * 8 KB pool: a stored message must not keep a pool slab (or a socket's read
 * buffer) alive for as long as it is kept.
 */
export function joinExact(parts: readonly Buffer[], total: number): Buffer {
  const out = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}
