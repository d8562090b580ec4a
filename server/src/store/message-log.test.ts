// The message log's walks from a serial (what the free-text index reads next,
// where a search in slices resumes), across removed messages, a pruned front and swept holes.

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

describe("MessageLog.newestFirst", () => {
  it("yields everything newest first, or only what is below a serial (where a search in slices resumes)", () => {
    const log = new MessageLog();
    for (const s of [3, 5, 8, 9, 12, 20]) log.add(message(s));
    const below = (serial?: number): number[] => [...log.newestFirst(serial)].map((m) => m.serial);
    expect(below()).toEqual([20, 12, 9, 8, 5, 3]);
    expect(below(9)).toEqual([8, 5, 3]);
    expect(below(10)).toEqual([9, 8, 5, 3]); // a serial between two kept ones
    expect(below(3)).toEqual([]);
    log.remove("m8");
    log.remove("m3");
    expect(below(12)).toEqual([9, 5]);
  });
});
