import { describe, expect, it } from "vitest";
import { bufferedLog } from "./log-writer.js";

describe("bufferedLog", () => {
  it("writes a burst of lines in one write, in order, after a short delay", async () => {
    const writes: string[] = [];
    const { log } = bufferedLog((t) => writes.push(t), 10);
    log("one");
    log("two");
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    expect(writes).toEqual(["mailscope: one\nmailscope: two\n"]);
  });

  it("flush writes at once and leaves nothing behind", () => {
    const writes: string[] = [];
    const { log, flush } = bufferedLog((t) => writes.push(t), 1000);
    log("now");
    flush();
    flush();
    expect(writes).toEqual(["mailscope: now\n"]);
  });
});
