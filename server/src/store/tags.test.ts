import { describe, expect, it } from "vitest";
import { cleanTag, normalizeTags, plusTags } from "./tags.js";
import { newStore, put } from "../../test/store-helpers.js";

describe("tags", () => {
  it.each([
    ["Tag 1", "Tag 1"],
    ["  a   b  ", "a b"],
    ["café/bar", "caf bar"],
    ["v1.2_x-y", "v1.2_x-y"],
    ["!!!", ""],
  ])("cleanTag(%j) is %j", (raw, clean) => expect(cleanTag(raw)).toBe(clean));

  it("normalizeTags drops empties and case-insensitive duplicates (first spelling wins), sorted by code point", () => {
    expect(normalizeTags(["b", "Urgent", "urgent", "", "A", "?"])).toEqual(["A", "Urgent", "b"]);
  });

  it.each([
    ["user+tag@x.test", ["tag"]],
    ["user+a+b@x.test", ["a", "b"]],
    ["user@x.test", []],
    ["user+@x.test", [""]],
  ])("plusTags(%j)", (address, tags) => expect(plusTags(address)).toEqual(tags));

  it("the store tags from X-Tags and plus-addresses (From, To, Cc, envelope Bcc) and keeps counts through set, rename, delete and removal", () => {
    const store = newStore();
    const id = put(store, "From: app+alerts@x.test\r\nTo: a+one@x.test\r\nCc: b@x.test\r\nX-Tags: Ops, ops\r\n\r\nhi\r\n", { to: ["a+one@x.test", "hidden+secret@x.test"] });
    expect(store.getMessage(id)?.tags).toEqual(["Ops", "alerts", "one", "secret"]);
    const events: string[] = [];
    store.subscribe((e) => events.push(e.type));
    store.setTags([id, "missing"], ["x", "y"]);
    expect(store.allTags()).toEqual(["x", "y"]);
    expect(store.renameTag("x", "y")).toBe(true); // merges
    expect(store.getMessage(id)?.tags).toEqual(["y"]);
    expect(store.renameTag("nope", "z")).toBe(false);
    expect(store.renameTag("y", "///")).toBe(false);
    expect(store.deleteTag("y")).toBe(true);
    expect(store.allTags()).toEqual([]);
    expect(events).toEqual(["messages-updated", "messages-updated", "messages-updated"]);
    store.setTags([id], ["keep"]);
    store.deleteMessages([id]);
    expect(store.tagTotals()).toEqual({});
  });
});
