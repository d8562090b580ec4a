// A stored message as the store keeps it: the fields of StoredMessage, with
// the bytes held either as received or, once the packer has been through,
// compressed. `raw` hides which: it inflates on demand (cached by the packer).
// The header summary, and the Bcc list and tags made from it, are read from
// the header block when first asked for (a listing, a search, the feed, or the
// store's quiet-time fill), not before the 250 that answers the data.

import type { TranscriptSpan } from "@mailscope/shared";
import { bccOf } from "./bcc.js";
import { emptyList } from "../empty-list.js";
import { splitHead, summarizeHeaders, type HeaderSummary, type MailAddress } from "./header-summary.js";
import type { Packer } from "./packer.js";
import { autoTags } from "./tags.js";
import type { BodyDigest, StoredEnvelope, StoredMessage } from "./types.js";

/** What a record needs from its store: the packer that holds its bytes, and word of its summary being read (tags are counted from then on). */
export interface RecordOwner {
  readonly packer: Packer;
  summarized(m: MessageRecord): void;
}

/** For a header block the summary cannot read: the message is still listed, with nothing from its headers. */
const UNREADABLE: HeaderSummary = Object.freeze({ from: null, to: emptyList(), cc: emptyList(), replyTo: emptyList(), subject: "", messageId: "", date: null, tags: emptyList() }) as HeaderSummary;

export interface MessageFields {
  id: string;
  serial: number;
  sessionId: string;
  span: TranscriptSpan;
  envelope: StoredEnvelope;
  raw: Buffer;
  receivedAt: Date;
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
  digest: BodyDigest | null = null;
  folded: Readonly<Record<string, string>> | null = null;
  /** The bytes as received, until a compressed copy replaces them. */
  private bytes: Buffer | null;
  private packed: Buffer | null = null;
  /** Null until first read; see summarize(). */
  private summaryRead: HeaderSummary | null = null;
  private bccList: MailAddress[] = emptyList();
  private tagList: string[] = emptyList();
  /**
   * A copy of the header block, taken when the bytes as received give way to
   * the compressed form before the summary was read (mail still arriving): the
   * summary is then read from it, without inflating, and it goes.
   */
  private headCopy: Buffer | null = null;

  constructor(
    f: MessageFields,
    private readonly owner: RecordOwner,
  ) {
    this.id = f.id;
    this.serial = f.serial;
    this.sessionId = f.sessionId;
    this.span = f.span;
    this.envelope = f.envelope;
    this.bytes = f.raw;
    this.size = f.raw.length;
    this.receivedAt = f.receivedAt.getTime();
  }

  get summary(): HeaderSummary {
    return this.summaryRead ?? this.summarize();
  }

  get bcc(): MailAddress[] {
    if (this.summaryRead === null) this.summarize();
    return this.bccList;
  }

  get tags(): string[] {
    if (this.summaryRead === null) this.summarize();
    return this.tagList;
  }

  /** The tags made from the headers are counted before any replace them, so the store's counts stay in step. */
  set tags(tags: string[]) {
    if (this.summaryRead === null) this.summarize();
    this.tagList = tags;
  }

  get summarized(): boolean {
    return this.summaryRead !== null;
  }

  private summarize(): HeaderSummary {
    let summary = UNREADABLE;
    try {
      summary = summarizeHeaders(this.bytes ?? this.headCopy ?? this.head);
    } catch {
      // Read on a listing or search path: one sender's odd headers must not fail those for every message.
    }
    this.summaryRead = summary;
    this.headCopy = null;
    this.bccList = bccOf(this.envelope, summary.to, summary.cc);
    this.tagList = autoTags(summary, this.bccList);
    this.owner.summarized(this);
    return summary;
  }

  get raw(): Buffer {
    return this.bytes ?? this.owner.packer.unpack(this.serial, this.packed as Buffer, this.size);
  }

  get head(): Buffer {
    const packer = this.owner.packer;
    const whole = this.bytes ?? packer.cached(this.serial) ?? packer.unpackHead(this.packed as Buffer, this.size);
    return whole.subarray(0, splitHead(whole).headEnd);
  }

  /** Whether the bytes are held compressed. */
  get compressed(): boolean {
    return this.bytes === null;
  }

  /** Bytes this message holds in memory for its content (compressed or not). */
  get heldBytes(): number {
    return (this.bytes?.length ?? this.packed?.length ?? 0) + (this.headCopy?.length ?? 0);
  }

  /** Swaps the bytes as received for their compressed form. */
  pack(packed: Buffer): void {
    if (this.bytes === null) return;
    if (this.summaryRead === null) this.headCopy = Buffer.from(this.bytes.subarray(0, splitHead(this.bytes).headEnd));
    this.packed = packed;
    this.bytes = null;
  }
}
