import { describe, expect, it } from "vitest";
import { parseCommandLine, parseMailbox, parseParams, parsePathArgs } from "./parse-command.js";
import { SmtpError } from "./replies.js";

const codeOf = (f: () => unknown): number => {
  try {
    f();
  } catch (err) {
    if (err instanceof SmtpError) return err.reply.code;
    throw err;
  }
  return 0;
};

describe("parseCommandLine", () => {
  it.each([
    ["EHLO client.test", "EHLO", "client.test"],
    ["ehlo   client.test  ", "EHLO", "client.test"],
    ["mail FROM:<a@b.c> SIZE=10", "MAIL", "FROM:<a@b.c> SIZE=10"],
    ["QUIT", "QUIT", ""],
    ["", "", ""],
    ["\tNOOP", "", "NOOP"],
    ["RCPT\tTO:<x@y.z>", "RCPT", "TO:<x@y.z>"],
  ])("%j -> %s / %j", (line, verb, args) => {
    expect(parseCommandLine(line)).toEqual({ verb, args });
  });
});

describe("parseMailbox", () => {
  it.each([
    ["user@example.com", "user", "example.com"],
    ["first.last+tag@sub.example.co.uk", "first.last+tag", "sub.example.co.uk"],
    ['"john doe"@example.com', '"john doe"', "example.com"],
    ['"a@b"@example.com', '"a@b"', "example.com"],
    ['"quote\\"d"@example.com', '"quote\\"d"', "example.com"],
    ["用户@例子.测试", "用户", "例子.测试"],
    ["jörg@exämple.test", "jörg", "exämple.test"],
    ["user@[127.0.0.1]", "user", "[127.0.0.1]"],
    ["user@[IPv6:::1]", "user", "[IPv6:::1]"],
    ["@relay.test,@other.test:user@example.com", "user", "example.com"],
  ])("accepts %s", (text, local, domain) => {
    expect(parseMailbox(text)).toMatchObject({ local, domain });
  });

  it.each(["", "user", "@example.com", "user@", "user@@example.com", "us er@example.com", "user@exa mple.com", "a..b@example.com", "user@-bad.com", '"unterminated@example.com', "user@example..com"])(
    "rejects %j",
    (text) => {
      expect(parseMailbox(text)).toBeNull();
    },
  );
});

describe("parseParams", () => {
  it("keeps order, upper-cases keys, null for keywords", () => {
    expect(parseParams(" size=100 BODY=8BITMIME SMTPUTF8")).toEqual({ SIZE: "100", BODY: "8BITMIME", SMTPUTF8: null });
  });
  it.each(["=x", "SIZE=", "-X=1", "KEY=a=b", "K\x01=1"])("rejects %j with 501", (text) => {
    expect(codeOf(() => parseParams(text))).toBe(501);
  });
});

describe("parsePathArgs", () => {
  it.each([
    ["FROM:<a@b.test>", "a@b.test", {}],
    ["from:<a@b.test>", "a@b.test", {}],
    ["FROM: <a@b.test>", "a@b.test", {}],
    ["FROM:a@b.test", "a@b.test", {}],
    ["FROM:<> SIZE=5", "", { SIZE: "5" }],
    ['FROM:<"x y>z"@b.test> BODY=7BIT', '"x y>z"@b.test', { BODY: "7BIT" }],
    ["FROM:<用户@例子.测试> SMTPUTF8", "用户@例子.测试", { SMTPUTF8: null }],
  ])("MAIL %s", (args, address, params) => {
    const r = parsePathArgs(args, "FROM");
    expect(r.mailbox.address).toBe(address);
    expect(r.params).toEqual(params);
  });

  it("RCPT accepts <postmaster> without a domain", () => {
    expect(parsePathArgs("TO:<Postmaster>", "TO").mailbox.address).toBe("Postmaster");
  });

  it.each([
    ["FROM <a@b.test>", "FROM", 501],
    ["FROM:<a@b.test", "FROM", 501],
    ["FROM:<a@b.test>junk", "FROM", 501],
    ["FROM:<not an address>", "FROM", 501],
    ["TO:<>", "TO", 501],
    ["TO:<nobody>", "TO", 501],
    ["TO:", "TO", 501],
    ["FROM:<a@b.test> BAD PARAM=", "FROM", 501],
  ] as const)("%s is refused with %i", (args, keyword, code) => {
    expect(codeOf(() => parsePathArgs(args, keyword))).toBe(code);
  });
});
