// The message log's walk from a serial onwards (what the free-text index reads
// next), across removed messages, a pruned front and swept holes.

import { describe, expect, it } from "vitest";
import { MessageLog } from "./message-log.js";
import type { StoredMessage } from "./types.js";

const message = (serial: number): StoredMessage => ({ id: `m${serial}`, serial, size: 10, read: false }) as unknown as StoredMessage;
const serialsAfter = (log: MessageLog, serial: number): number[] => [...log.after(serial)].map((m) => m.serial);

describe("MessageLog.after", () => {
  it("yields the messages past a serial, oldest first, skipping removed ones", () => {
    const log = new MessageLog();
    for (const s of [3, 5, 8, 9, 12, 20]) log.add(message(s));
    expect(serialsAfter(log, 0)).toEqual([3, 5, 8, 9, 12, 20]);
    expect(serialsAfter(log, 8)).toEqual([9, 12, 20]);
    expect(serialsAfter(log, 10)).toEqual([12, 20]); // a serial between two kept ones
    expect(serialsAfter(log, 20)).toEqual([]);
    log.remove("m9");
    log.remove("m3"); // the front
    expect(serialsAfter(log, 0)).toEqual([5, 8, 12, 20]);
    expect(serialsAfter(log, 8)).toEqual([12, 20]);
    for (const s of [5, 8, 12]) log.remove(`m${s}`); // holes now outnumber the living: swept
    log.add(message(21));
    expect(serialsAfter(log, 0)).toEqual([20, 21]);
    expect(serialsAfter(log, 20)).toEqual([21]);
  });
});
