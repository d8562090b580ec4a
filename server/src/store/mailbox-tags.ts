// The mailbox's tags: how many messages carry each (so listing every tag is
// cheap), and the changes Mailpit's tag API makes across messages (set,
// rename, delete), with one messages-updated for the messages that changed.
// A message's tags are counted from the moment its header summary is read
// (see message-record.ts): whatever needs every tag reads the rest first.

import { cleanTag, normalizeTags } from "./tags.js";
import type { StoredMessage } from "./types.js";

export class MailboxTags {
  private readonly counts = new Map<string, number>();

  constructor(
    /** The store's messages, newest first. */
    private readonly messages: () => Iterable<StoredMessage>,
    /** Reads every summary not read yet (each is counted through counted()). */
    private readonly readAll: () => void,
    /** The messages whose tags a change gave new ones. */
    private readonly changed: (messages: StoredMessage[]) => void,
  ) {}

  /** A message's summary was read: its tags count from now on. */
  counted(m: StoredMessage): void {
    this.add(m.tags);
  }

  /** A message is gone; one whose summary was never read was never counted. */
  forgotten(m: StoredMessage): void {
    if (m.summarized) this.remove(m.tags);
  }

  clear(): void {
    this.counts.clear();
  }

  /** Every tag in use, sorted by code point, as Mailpit lists them. */
  names(): string[] {
    this.readAll();
    return [...this.counts.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Messages per tag. */
  totals(): Record<string, number> {
    return Object.fromEntries(this.names().map((t) => [t, this.counts.get(t) ?? 0]));
  }

  /** Replaces the tags of each message given (undefined ones are skipped); returns the cleaned tags set. */
  set(messages: Array<StoredMessage | undefined>, tags: string[]): string[] {
    const clean = normalizeTags(tags);
    this.retag(messages, () => clean);
    return clean;
  }

  /** False when no message has the tag or the new name has nothing valid left; a rename onto an existing tag merges them. */
  rename(from: string, to: string): boolean {
    const name = cleanTag(to);
    this.readAll();
    if (name === "" || !this.counts.has(from)) return false;
    this.retag(this.withTag(from), (tags) => normalizeTags(tags.map((t) => (t === from ? name : t))));
    return true;
  }

  /** Removes the tag from every message; false when no message had it. */
  delete(tag: string): boolean {
    this.readAll();
    if (!this.counts.has(tag)) return false;
    this.retag(this.withTag(tag), (tags) => tags.filter((t) => t !== tag));
    return true;
  }

  private withTag(tag: string): StoredMessage[] {
    return [...this.messages()].filter((m) => m.tags.includes(tag));
  }

  /** Gives each message the tags `next` makes of its own, counts kept in step. */
  private retag(messages: Iterable<StoredMessage | undefined>, next: (tags: string[]) => string[]): void {
    const changed: StoredMessage[] = [];
    for (const m of messages) {
      if (m === undefined) continue;
      const tags = next(m.tags);
      if (tags.length === m.tags.length && tags.every((t, i) => t === m.tags[i])) continue;
      this.remove(m.tags);
      this.add(tags);
      m.tags = tags;
      changed.push(m);
    }
    if (changed.length > 0) this.changed(changed);
  }

  private add(tags: readonly string[]): void {
    for (const t of tags) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
  }

  private remove(tags: readonly string[]): void {
    for (const t of tags) {
      const n = (this.counts.get(t) ?? 0) - 1;
      if (n > 0) this.counts.set(t, n);
      else this.counts.delete(t);
    }
  }
}
