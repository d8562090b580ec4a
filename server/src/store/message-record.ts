// A stored message as the store keeps it: the fields of StoredMessage, with
// the bytes held either as received or, once the packer has been through,
// compressed. `raw` hides which: it inflates on demand (cached by the packer).

import type { TranscriptSpan } from "@mailscope/shared";
import { splitHead, type HeaderSummary, type MailAddress } from "./header-summary.js";
import type { Packer } from "./packer.js";
import type { BodyDigest, StoredEnvelope, StoredMessage } from "./types.js";

export interface MessageFields {
  id: string;
  serial: number;
  sessionId: string;
  span: TranscriptSpan;
  envelope: StoredEnvelope;
  raw: Buffer;
  receivedAt: Date;
  tags: string[];
  summary: HeaderSummary;
  bcc: MailAddress[];
}

export class MessageRecord implements StoredMessage {
  readonly id: string;
  readonly serial: number;
  readonly sessionId: string;
  readonly span: TranscriptSpan;
  readonly envelope: StoredEnvelope;
  readonly size: number;
  receivedAt: number;
  read = false;
  tags: string[];
  readonly summary: HeaderSummary;
  readonly bcc: MailAddress[];
  digest: BodyDigest | null = null;
  folded: Readonly<Record<string, string>> | null = null;
  /** The bytes as received, until a compressed copy replaces them. */
  private bytes: Buffer | null;
  private packed: Buffer | null = null;

  constructor(
    f: MessageFields,
    private readonly packer: Packer,
  ) {
    this.id = f.id;
    this.serial = f.serial;
    this.sessionId = f.sessionId;
    this.span = f.span;
    this.envelope = f.envelope;
    this.bytes = f.raw;
    this.size = f.raw.length;
    this.receivedAt = f.receivedAt.getTime();
    this.tags = f.tags;
    this.summary = f.summary;
    this.bcc = f.bcc;
  }

  get raw(): Buffer {
    return this.bytes ?? this.packer.unpack(this.serial, this.packed as Buffer, this.size);
  }

  get head(): Buffer {
    const whole = this.bytes ?? this.packer.cached(this.serial) ?? this.packer.unpackHead(this.packed as Buffer, this.size);
    return whole.subarray(0, splitHead(whole).headEnd);
  }

  /** Whether the bytes are held compressed. */
  get compressed(): boolean {
    return this.bytes === null;
  }

  /** Bytes this message holds in memory for its content (compressed or not). */
  get heldBytes(): number {
    return this.bytes?.length ?? this.packed?.length ?? 0;
  }

  /** Swaps the bytes as received for their compressed form. */
  pack(packed: Buffer): void {
    if (this.bytes === null) return;
    this.packed = packed;
    this.bytes = null;
  }
}
