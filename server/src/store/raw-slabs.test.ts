// Messages waiting for the packer share slabs: exact copies, aligned, a new
// slab when one is full, and a collection only once a slab's worth went by.

import { describe, expect, it } from "vitest";
import { collectGarbage } from "./collect-garbage.js";
import { RawSlabs } from "./raw-slabs.js";

describe("RawSlabs", () => {
  it("copies exactly into one slab, 8-byte aligned, and starts a new slab when the next copy does not fit", () => {
    const slabs = new RawSlabs(64);
    const a = slabs.copy(Buffer.from("hello"));
    const b = slabs.copy(Buffer.from("world!!!!"));
    expect(a.toString()).toBe("hello");
    expect(b.toString()).toBe("world!!!!");
    expect(a.buffer).toBe(b.buffer); // one slab
    expect(a.buffer.byteLength).toBe(64);
    expect(b.byteOffset - a.byteOffset).toBe(8);
    const c = slabs.copy(Buffer.alloc(50, 1)); // 8 + 16 used: 50 more does not fit
    expect(c.buffer).not.toBe(a.buffer);
    expect(c.byteOffset).toBe(0);
    const big = slabs.copy(Buffer.alloc(100, 2)); // bigger than a slab: a buffer of its own
    expect(big.buffer.byteLength).toBe(100);
    a.fill(0); // the copies are copies
    expect(b.toString()).toBe("world!!!!");
  });

  it("lets the slab go only once a slab's worth (or the amount asked) has gone through", () => {
    const slabs = new RawSlabs(64);
    const first = slabs.copy(Buffer.alloc(16));
    expect(slabs.retire()).toBe(false);
    expect(slabs.copy(Buffer.alloc(8)).buffer).toBe(first.buffer); // still the same slab
    expect(slabs.retire(24)).toBe(true);
    expect(slabs.copy(Buffer.alloc(8)).buffer).not.toBe(first.buffer); // let go: a fresh one
    expect(slabs.retire(24)).toBe(false); // counted from zero again
  });
});

describe("collectGarbage", () => {
  it("runs a full collection in a process started without --expose-gc", () => {
    // Vitest's workers run without --expose-gc, as users run the server.
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
    expect(collectGarbage()).toBe(true);
  });
});
