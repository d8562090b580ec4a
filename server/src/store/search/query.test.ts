// The query parser, table-tested: a string in, terms out.

import { describe, expect, it } from "vitest";
import { parseQuery, splitQuery } from "./query.js";

describe("splitQuery", () => {
  it.each([
    ["a b  c", ["a", "b", "c"]],
    ['"hello world" x', ['"hello world"', "x"]],
    ['subject:"big news" -from:x', ['subject:"big news"', "-from:x"]],
    ['"unterminated phrase', ['"unterminated phrase']],
    ["", []],
  ])("%j", (input, expected) => {
    expect(splitQuery(input)).toEqual(expected);
  });
});

describe("parseQuery", () => {
  it.each([
    ["Hello", [{ kind: "text", value: "hello", negate: false }]],
    ['"Hello   World"', [{ kind: "text", value: "hello world", negate: false }]],
    ["!spam -ham", [{ kind: "text", value: "spam", negate: true }, { kind: "text", value: "ham", negate: true }]],
    ["subject:ÄPFEL", [{ kind: "field", field: "subject", value: "äpfel", negate: false }]],
    ['subject:"Big News"', [{ kind: "field", field: "subject", value: "big news", negate: false }]],
    ["FROM:ann@x.test", [{ kind: "field", field: "from", value: "ann@x.test", negate: false }]],
    ["-to:bob reply-to:help", [{ kind: "field", field: "to", value: "bob", negate: true }, { kind: "field", field: "reply-to", value: "help", negate: false }]],
    ["addressed:c envelope-from:d envelope-to:e message-id:f cc:g bcc:h", ["addressed", "envelope-from", "envelope-to", "message-id", "cc", "bcc"].map((field, i) => ({ kind: "field", field, value: "cdefgh"[i], negate: false }))],
    ["tag:Urgent", [{ kind: "tag", value: "urgent", negate: false }]],
    ["is:read is:UNREAD !is:tagged", [{ kind: "is", flag: "read", negate: false }, { kind: "is", flag: "unread", negate: false }, { kind: "is", flag: "tagged", negate: true }]],
    ["has:attachment has:attachments has:inline", [{ kind: "has", what: "attachment", negate: false }, { kind: "has", what: "attachment", negate: false }, { kind: "has", what: "inline", negate: false }]],
    ["larger:10k smaller:1.5M larger:200", [{ kind: "size", op: "larger", bytes: 10240, negate: false }, { kind: "size", op: "smaller", bytes: 1572864, negate: false }, { kind: "size", op: "larger", bytes: 200, negate: false }]],
    ["after:2024-03-05", [{ kind: "date", op: "after", time: new Date(2024, 2, 5).getTime(), negate: false }]],
    ["before:2024-03-05T10:00:00Z", [{ kind: "date", op: "before", time: Date.UTC(2024, 2, 5, 10), negate: false }]],
    ["header:X-Mailer=Acme header:x-priority", [{ kind: "header", name: "x-mailer", value: "acme", negate: false }, { kind: "header", name: "x-priority", value: null, negate: false }]],
    ["foo:bar", [{ kind: "text", value: "foo:bar", negate: false }]],
    ["-", [{ kind: "text", value: "-", negate: false }]],
  ])("%j", (input, terms) => {
    expect(parseQuery(input)).toEqual({ terms, problems: [] });
  });

  it.each([
    ["is:starred", /is:starred/],
    ["has:nothing", /has:nothing/],
    ["larger:lots", /larger:lots/],
    ["before:someday", /before:someday/],
    ["subject:", /subject/],
    ["header:=x", /header/],
  ])("%j is reported, not searched", (input, problem) => {
    const parsed = parseQuery(input);
    expect(parsed.terms).toEqual([]);
    expect(parsed.problems.join()).toMatch(problem);
  });
});
