// What the session is reading: command lines, a payload, a SASL exchange...
// Modes that carry nothing are shared constants rather than made at every switch.

import type { SaslExchange } from "./auth.js";
import type { DataDecoder } from "./data-decoder.js";
import type { BdatChunk } from "./payload.js";

export type Mode =
  | { kind: "command" }
  | { kind: "discard-line"; bytes: number }
  | { kind: "data"; decoder: DataDecoder }
  | { kind: "bdat"; chunk: BdatChunk }
  | { kind: "auth"; exchange: SaslExchange }
  | { kind: "starttls" }
  | { kind: "closed" };

export const COMMAND_MODE: Mode = Object.freeze({ kind: "command" });
export const CLOSED_MODE: Mode = Object.freeze({ kind: "closed" });

