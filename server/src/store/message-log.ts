// Messages in arrival order with O(1) lookup by ID, running totals for the
// bounds (bytes, unread), and removal that leaves a hole instead of shifting
// a 100,000-entry array; holes are swept out once they outnumber the living.

import type { StoredMessage } from "./types.js";

export class MessageLog {
  private readonly byId = new Map<string, StoredMessage>();
  /** Arrival order, so ascending serials; undefined marks a removed message. */
  private order: Array<StoredMessage | undefined> = [];
  /** The serial of each slot of `order`, kept for holes too, so lookups can binary-search. */
  private serials: number[] = [];
  /** Slots before this one are all holes (pruning empties the front). */
  private head = 0;
  private holes = 0;
  bytes = 0;
  unread = 0;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredMessage | undefined {
    return this.byId.get(id);
  }

  add(m: StoredMessage): void {
    this.byId.set(m.id, m);
    this.order.push(m);
    this.serials.push(m.serial);
    this.bytes += m.size;
    if (!m.read) this.unread++;
  }

  remove(id: string): StoredMessage | undefined {
    const m = this.byId.get(id);
    if (m === undefined) return undefined;
    this.byId.delete(id);
    this.order[this.position(m.serial)] = undefined;
    this.holes++;
    this.bytes -= m.size;
    if (!m.read) this.unread--;
    if (this.holes > 1024 && this.holes > this.byId.size) this.sweep();
    return m;
  }

  setRead(m: StoredMessage, read: boolean): boolean {
    if (m.read === read) return false;
    m.read = read;
    this.unread += read ? -1 : 1;
    return true;
  }

  clear(): void {
    this.byId.clear();
    this.order = [];
    this.serials = [];
    this.head = 0;
    this.holes = 0;
    this.bytes = 0;
    this.unread = 0;
  }

  /** The message with this serial, if it is still kept. */
  bySerial(serial: number): StoredMessage | undefined {
    const at = this.find(serial);
    return at < 0 ? undefined : this.order[at];
  }

  oldest(): StoredMessage | undefined {
    while (this.head < this.order.length && this.order[this.head] === undefined) this.head++;
    return this.order[this.head];
  }

  /** Newest first; with `below`, only the messages with a lower serial (a scan in slices resumes from where it stopped). */
  *newestFirst(below = Number.POSITIVE_INFINITY): Generator<StoredMessage> {
    for (let i = this.firstSlotFrom(below) - 1; i >= this.head; i--) {
      const m = this.order[i];
      if (m !== undefined) yield m;
    }
  }

  *oldestFirst(): Generator<StoredMessage> {
    for (let i = this.head; i < this.order.length; i++) {
      const m = this.order[i];
      if (m !== undefined) yield m;
    }
  }

  /** The messages with a serial above `serial`, oldest first. */
  *after(serial: number): Generator<StoredMessage> {
    for (let i = this.firstSlotFrom(serial + 1); i < this.order.length; i++) {
      const m = this.order[i];
      if (m !== undefined) yield m;
    }
  }

  private position(serial: number): number {
    const at = this.find(serial);
    if (at < 0) throw new Error(`message serial ${serial} is not in the log`);
    return at;
  }

  /** The slot of `serial` in `order`, or -1. */
  private find(serial: number): number {
    const at = this.firstSlotFrom(serial);
    return this.serials[at] === serial ? at : -1;
  }

  /** The first slot whose serial is `serial` or more (the end when none is), by binary search over the ascending serials. */
  private firstSlotFrom(serial: number): number {
    let lo = this.head;
    let hi = this.serials.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.serials[mid] as number) < serial) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private sweep(): void {
    const kept = this.order.filter((m): m is StoredMessage => m !== undefined);
    this.order = kept;
    this.serials = kept.map((m) => m.serial);
    this.head = 0;
    this.holes = 0;
  }
}
