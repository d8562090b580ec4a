// Lint notes: what a stricter server would refuse, shown beside the entry
// that did it. The engine tolerates all of these; users want to know.

import type { LintNote } from "@mailscope/shared";
import type { DataStats } from "./data-decoder.js";
import { LineScan } from "./wire-text.js";
import { emptyList } from "../empty-list.js";

/** Most lines have no notes: one shared, frozen empty list (adding a note makes a new list). */
export const NO_NOTES = emptyList<LintNote>();

export const withNote = (notes: readonly LintNote[], note: LintNote): LintNote[] => [...notes, note];

export interface LineFacts {
  bareLf: boolean;
  pipelinedWithoutExtension: boolean;
  longLine: boolean;
}

/** `scan`: scanLine's flags for the line. */
export function commandNotes(length: number, scan: number, facts: LineFacts): readonly LintNote[] {
  if (!facts.bareLf && !facts.pipelinedWithoutExtension && !facts.longLine && (scan & (LineScan.cr | LineScan.nul)) === 0) return NO_NOTES;
  const notes: LintNote[] = [];
  if (facts.bareLf) notes.push({ Kind: "bare-lf", Text: "line ended with a bare LF instead of CRLF" });
  if (scan & LineScan.cr) notes.push({ Kind: "bare-cr", Text: "bare CR inside the command line" });
  if (scan & LineScan.nul) notes.push({ Kind: "nul-byte", Text: "NUL byte in the command line" });
  if (facts.pipelinedWithoutExtension) {
    notes.push({ Kind: "unadvertised-pipelining", Text: "sent before the previous reply, but PIPELINING was not advertised (no EHLO)" });
  }
  if (facts.longLine) notes.push({ Kind: "long-line", Text: `command line of ${length} bytes exceeds RFC 5321's 512 octets` });
  return notes;
}

export function payloadNotes(stats: DataStats, eightBitOk: boolean): LintNote[] {
  const notes: LintNote[] = [];
  if (stats.bareLf > 0) notes.push({ Kind: "bare-lf", Text: `${stats.bareLf} bare LF${stats.bareLf > 1 ? "s" : ""} in the message (kept as received)` });
  if (stats.bareCr > 0) notes.push({ Kind: "bare-cr", Text: `${stats.bareCr} bare CR${stats.bareCr > 1 ? "s" : ""} in the message (kept as received)` });
  if (stats.nul > 0) notes.push({ Kind: "nul-byte", Text: `${stats.nul} NUL byte${stats.nul > 1 ? "s" : ""} in the message` });
  if (stats.eightBit && !eightBitOk) {
    notes.push({ Kind: "8bit-without-8bitmime", Text: "8-bit bytes in the message, but MAIL had neither BODY=8BITMIME nor SMTPUTF8" });
  }
  if (stats.longLines > 0) {
    notes.push({ Kind: "long-line", Text: `${stats.longLines} line${stats.longLines > 1 ? "s" : ""} over 998 characters (longest ${stats.longestLine})` });
  }
  return notes;
}
