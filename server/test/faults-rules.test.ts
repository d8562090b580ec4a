// Table tests of the pure parts: rule checking, the --fault shorthand, globs,
// the registry's choice and counting, chaos and Jim parsing, the CLI options
// and the --faults file. No sockets.

import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ConfigError, parseCommand } from "../src/config.js";
import { Chaos, parseTriggerList, parseTriggers } from "../src/faults/chaos.js";
import { createFaults } from "../src/faults/index.js";
import { Jim, MAILHOG_DEFAULTS, parseJim } from "../src/faults/jim.js";
import { parseRuleList, readRulesFile } from "../src/faults/load.js";
import { glob } from "../src/faults/pattern.js";
import { FaultRegistry } from "../src/faults/registry.js";
import { parseRule } from "../src/faults/rule.js";
import { parseShorthand } from "../src/faults/shorthand.js";
import type { FaultFacts, FaultStage } from "../src/smtp/types.js";
import { tempDir } from "./clients.js";
import { startTestServer } from "./harness.js";

const facts = (stage: FaultStage, more: Partial<FaultFacts> = {}): FaultFacts => ({
  stage,
  clientAddress: "127.0.0.1",
  helo: "client.test",
  address: "",
  authUser: "",
  size: 0,
  header: () => undefined,
  ...more,
});

describe("parseRule", () => {
  it.each([
    [{ Stage: "rcpt", Action: { Type: "reply", Code: 550 }, Probabilty: 0.5 }, 'rule: unknown field "Probabilty"'],
    [{ Stage: "later", Action: { Type: "drop" } }, "Stage: expected one of"],
    [{ Stage: "data", Action: { Type: "reply", Code: 250 } }, "Action.Code: 250 does not fit stage data; use 354, 221, or 400 to 599"],
    [{ Stage: "any", Action: { Type: "reply", Code: 251 } }, "Action.Code: 251 does not fit stage any; use 221, or 400 to 599"],
    [{ Stage: "rcpt", Action: { Type: "reply", Code: 199 } }, "Action.Code: expected a whole number from 200 to 599"],
    [{ Stage: "rcpt", Action: { Type: "reply", Code: 550, Enhanced: "4.1.1" } }, "Action.Enhanced: expected"],
    [{ Stage: "rcpt", Action: { Type: "reply", Code: 550, Text: "ok\r\n250 smuggled" } }, "Action.Text: control characters are not allowed"],
    [{ Stage: "auth", Match: { Address: "a@b" }, Action: { Type: "drop" } }, "Match: Address and Domain apply at stage mail or rcpt, not auth"],
    [{ Stage: "mail", Match: { Header: "Subject" }, Action: { Type: "drop" } }, "Match: Header and Value apply at stage data-end, not mail"],
    [{ Stage: "mail", Action: { Type: "delay", Ms: 10, Then: { Type: "delay", Ms: 5 } } }, "Action.Then: a delay cannot follow a delay"],
    [{ Stage: "mail", Action: { Type: "delay", Ms: 700000 } }, "Action.Ms: expected a whole number from 0 to 600000"],
    [{ Stage: "mail", Action: { Type: "drop" }, Probability: 1.5 }, "Probability: expected a number from 0 to 1"],
    [{ Stage: "mail", Action: { Type: "drop" }, Times: 0 }, "Times: expected a whole number from 1"],
    ["rcpt=550", "rule: expected an object"],
  ])("refuses %j", (input, message) => {
    expect(() => parseRule(input)).toThrow(message);
  });

  it("accepts the positive replies that fit a stage", () => {
    for (const [stage, code] of [["connect", 220], ["helo", 250], ["auth", 235], ["mail", 250], ["rcpt", 251], ["data", 354], ["data-end", 250], ["any", 221], ["rcpt", 421]] as const) {
      expect(parseRule({ Stage: stage, Action: { Type: "reply", Code: code } }).Action).toEqual({ Type: "reply", Code: code });
    }
  });
});

describe("--fault shorthand", () => {
  it.each([
    ["rcpt:bad@example.com=550 5.1.1 No such user", { Stage: "rcpt", Match: { Address: "bad@example.com" }, Action: { Type: "reply", Code: 550, Enhanced: "5.1.1", Text: "No such user" } }],
    ["rcpt:@example.com=450;times=1", { Stage: "rcpt", Match: { Domain: "example.com" }, Action: { Type: "reply", Code: 450 }, Times: 1 }],
    ["mail=421", { Stage: "mail", Action: { Type: "reply", Code: 421 } }],
    ["auth:alice=535 Go away", { Stage: "auth", Match: { User: "alice" }, Action: { Type: "reply", Code: 535, Text: "Go away" } }],
    ["data-end:Subject:*urgent*=554", { Stage: "data-end", Match: { Header: "Subject", Value: "*urgent*" }, Action: { Type: "reply", Code: 554 } }],
    ["data-end=drop;p=0.1;seed=7;name=flaky", { Stage: "data-end", Action: { Type: "drop" }, Probability: 0.1, Seed: 7, Name: "flaky" }],
    ["rcpt:*@slow.test=delay 2000 then 451", { Stage: "rcpt", Match: { Address: "*@slow.test" }, Action: { Type: "delay", Ms: 2000, Then: { Type: "reply", Code: 451 } } }],
    ["connect:10.0.0.*=554", { Stage: "connect", Match: { Client: "10.0.0.*" }, Action: { Type: "reply", Code: 554 } }],
    ["any=delay 50", { Stage: "any", Action: { Type: "delay", Ms: 50 } }],
  ])("%s", (spec, rule) => {
    expect(parseShorthand(spec)).toEqual(rule);
  });

  it.each([
    ["rcpt:bad@example.com", "expected STAGE"],
    ["later=550", 'stage: expected one of connect, helo, auth, mail, rcpt, data, data-end or any, got "later"'],
    ["rcpt=bounce", 'expected a reply code, drop or delay, got "bounce"'],
    ["rcpt=550;often=2", 'unknown option "often"'],
    ["data=250", "250 does not fit stage data"],
    ["rcpt=delay soon", "delay: expected milliseconds"],
  ])("refuses %s", (spec, message) => {
    expect(() => parseShorthand(spec)).toThrow(message);
  });
});

describe("glob", () => {
  it.each([
    ["*@example.com", "Bob@EXAMPLE.com", true],
    ["*@example.com", "bob@example.com.evil.test", false],
    ["user?@x.test", "user1@x.test", true],
    ["user?@x.test", "user12@x.test", false],
    ["a.b+c@x.test", "a.b+c@x.test", true],
    ["a.b+c@x.test", "aXb+c@x.test", false],
    ["*ÜRGENT*", "sehr ürgent", true],
    ["", "", true],
  ])("%s ~ %s: %s", (pattern, value, expected) => {
    expect(glob(pattern)(value)).toBe(expected);
  });
});

describe("the registry", () => {
  it("is inactive with no live rule, so the engine skips it", () => {
    const r = new FaultRegistry();
    expect(r.active).toBe(false);
    const rule = r.add(parseRule({ Stage: "mail", Action: { Type: "reply", Code: 450 }, Times: 2 }), "api");
    expect(r.active).toBe(true);
    expect(r.decide(facts("rcpt"))).toBeNull();
    expect(r.decide(facts("mail"))?.action).toEqual({ kind: "reply", reply: { code: 450, enhanced: "4.2.1", lines: ["Requested action not taken: mailbox busy"] } });
    expect(r.decide(facts("mail"))).not.toBeNull();
    expect(r.decide(facts("mail"))).toBeNull();
    expect(r.active).toBe(false);
    expect(r.get(rule.ID)).toMatchObject({ Fired: 2, Remaining: 0 });
  });

  it("tries rules in order; the first that matches fires", () => {
    const r = new FaultRegistry();
    r.add(parseRule({ Name: "one", Stage: "rcpt", Match: { Domain: "a.test" }, Action: { Type: "reply", Code: 550 } }), "api");
    r.add(parseRule({ Name: "two", Stage: "any", Action: { Type: "reply", Code: 451 } }), "api");
    expect(r.decide(facts("rcpt", { address: "x@a.test" }))?.rule).toBe('rule 1 "one"');
    expect(r.decide(facts("rcpt", { address: "x@b.test" }))?.rule).toBe('rule 2 "two"');
    expect(r.decide(facts("connect"))?.rule).toBe('rule 2 "two"');
  });

  it("matches a client written as plain IPv4 when the listener reports ::ffff:", () => {
    const r = new FaultRegistry();
    r.add(parseRule({ Stage: "connect", Match: { Client: "10.1.*" }, Action: { Type: "drop" } }), "api");
    expect(r.decide(facts("connect", { clientAddress: "::ffff:10.1.2.3" }))).not.toBeNull();
    expect(r.decide(facts("connect", { clientAddress: "10.2.2.3" }))).toBeNull();
  });

  it("a seeded probability draws the same sequence each time, from the rule's own generator", () => {
    const draws = (seed: number): string => {
      const r = new FaultRegistry();
      r.add(parseRule({ Stage: "rcpt", Action: { Type: "reply", Code: 450 }, Probability: 0.3, Seed: seed }), "api");
      return Array.from({ length: 40 }, () => (r.decide(facts("rcpt")) === null ? "." : "x")).join("");
    };
    expect(draws(99)).toBe(draws(99));
    expect(draws(99)).not.toBe(draws(100));
    const hits = [...draws(99)].filter((c) => c === "x").length;
    expect(hits).toBeGreaterThan(3);
    expect(hits).toBeLessThan(25);
  });

  it("a slow-link delay adds size / rate", () => {
    const r = new FaultRegistry();
    r.add(parseRule({ Stage: "data-end", Action: { Type: "delay", Ms: 10, BytesPerSecond: 1000 } }), "api");
    expect(r.decide(facts("data-end", { size: 500 }))?.action).toEqual({ kind: "delay", ms: 510, then: null });
  });

  it("clear removes every rule and tells listeners", () => {
    const r = new FaultRegistry();
    let told = 0;
    r.onClear(() => told++);
    r.add(parseRule({ Stage: "mail", Action: { Type: "drop" } }), "cli");
    expect(r.clear()).toBe(1);
    expect([r.list(), r.active, told]).toEqual([[], false, 1]);
  });
});

describe("Mailpit chaos and MailHog Jim parsing", () => {
  it("chaos: Mailpit's defaults, messages and --chaos-triggers form", () => {
    expect(parseTriggers({})).toEqual({ Sender: { ErrorCode: 451, Probability: 0 }, Recipient: { ErrorCode: 451, Probability: 0 }, Authentication: { ErrorCode: 535, Probability: 0 } });
    expect(() => parseTriggers({ Sender: { ErrorCode: 399, Probability: 1 } })).toThrow("error code must be between 400 and 599");
    expect(() => parseTriggers({ Sender: { ErrorCode: 451, Probability: -1 } })).toThrow("probability must be between 0 and 100");
    expect(() => parseTriggers({ Sender: { ErrorCode: "451" } })).toThrow("Sender.ErrorCode: expected a whole number");
    expect(parseTriggerList("Sender:450:10, recipients:550:5").Recipient).toEqual({ ErrorCode: 550, Probability: 5 });
    expect(() => parseTriggerList("Everyone:450:10")).toThrow("expected Sender|Recipient|Authentication:CODE:PERCENT");
  });

  it("chaos: a trigger is a rule; removing the rule reads as 0%", () => {
    const r = new FaultRegistry();
    const chaos = new Chaos(r, true);
    chaos.set(parseTriggers({ Sender: { ErrorCode: 452, Probability: 25 } }));
    const [rule] = r.list();
    expect(rule).toMatchObject({ Source: "chaos", Stage: "mail", Probability: 0.25 });
    r.remove(rule?.ID ?? "");
    expect(chaos.get().Sender).toEqual({ ErrorCode: 452, Probability: 0 });
  });

  it("--chaos-triggers at start: chaos enabled, its rules in place", () => {
    const faults = createFaults({ chaosTriggers: parseTriggerList("Recipient:450:100") });
    expect(faults.chaos.enabled).toBe(true);
    expect(faults.registry.list()).toMatchObject([{ Source: "chaos", Stage: "rcpt", Probability: 1 }]);
    expect(createFaults().chaos.enabled).toBe(false);
  });

  it("Jim: fields left out are off; bad values are refused", () => {
    expect(parseJim({ RejectSenderChance: 1 })).toEqual({ ...MAILHOG_DEFAULTS, DisconnectChance: 0, AcceptChance: 1, LinkSpeedAffect: 0, RejectSenderChance: 1, RejectRecipientChance: 0, RejectAuthChance: 0 });
    expect(() => parseJim({ AcceptChance: 1.5 })).toThrow("AcceptChance: expected a chance from 0 to 1");
    expect(() => parseJim({ LinkSpeedMin: 10, LinkSpeedMax: 5 })).toThrow("LinkSpeedMin and LinkSpeedMax");
    expect(() => parseJim({ DisconnectChance: "often" })).toThrow("DisconnectChance: expected a number");
    const r = new FaultRegistry();
    const jim = new Jim(r);
    jim.set(parseJim({ RejectAuthChance: 0.5, DisconnectChance: 0.1 }));
    expect(r.list().map((x) => x.Name)).toEqual(["MailHog Jim: disconnect", "MailHog Jim: reject auth"]);
    r.clear();
    expect(jim.get()).toBeNull();
  });
});

describe("configuration", () => {
  it("--fault is repeatable, its environment twin holds one rule per line, --chaos-triggers enables chaos", () => {
    const cmd = parseCommand(["--fault", "rcpt:bad@x.test=550", "--fault", "mail=451;times=1", "--chaos-triggers", "Sender:451:5"], {}, null);
    if (cmd.action !== "run") throw new Error(cmd.action);
    expect(cmd.config.faultRules?.map((r) => r.Stage)).toEqual(["rcpt", "mail"]);
    expect(cmd.config.chaosTriggers?.Sender).toEqual({ ErrorCode: 451, Probability: 5 });
    const env = parseCommand([], { MAILSCOPE_FAULT: "rcpt=450\ndata-end=drop", MAILSCOPE_ENABLE_CHAOS: "true", MAILSCOPE_FAULTS: "/tmp/rules.json" }, null);
    if (env.action !== "run") throw new Error(env.action);
    expect(env.config.faultRules?.map((r) => r.Action.Type)).toEqual(["reply", "drop"]);
    expect([env.config.enableChaos, env.config.faultsFile]).toEqual([true, "/tmp/rules.json"]);
  });

  it("a bad --fault is one clear line", () => {
    expect(() => parseCommand(["--fault", "rcpt=999"], {}, null)).toThrow(ConfigError);
    expect(() => parseCommand(["--fault", "rcpt=999"], {}, null)).toThrow('--fault "rcpt=999": Action.Code: expected a whole number from 200 to 599');
  });

  it("a --faults file: rules are checked, errors name the rule", async () => {
    expect(() => parseRuleList('[{"Stage":"mail","Action":{"Type":"drop"}}, {"Stage":"mail"}]')).toThrow("rule 2: Action: expected an object");
    expect(() => parseRuleList('{"Stage":"mail"}')).toThrow("expected a JSON list of rules");
    const tmp = await tempDir();
    try {
      await writeFile(tmp.file("rules.json"), JSON.stringify([{ Name: "from file", Stage: "rcpt", Action: { Type: "reply", Code: 550 } }]));
      expect(await readRulesFile(tmp.file("rules.json"))).toEqual([{ Name: "from file", Stage: "rcpt", Action: { Type: "reply", Code: 550 } }]);
      // Started with both: command-line rules first, then the file's, each marked with its source.
      const server = await startTestServer({ faultRules: [parseShorthand("mail:cli@x.test=451")], faultsFile: tmp.file("rules.json") });
      try {
        const rules = server.faults.registry.list();
        expect(rules.map((r) => [r.Source, r.Stage])).toEqual([["cli", "mail"], ["file", "rcpt"]]);
      } finally {
        await server.close();
      }
      await writeFile(tmp.file("bad.json"), "[{]");
      await expect(startTestServer({ faultsFile: tmp.file("bad.json") })).rejects.toThrow(/^--faults .*bad\.json: not valid JSON/);
    } finally {
      await tmp.remove();
    }
  });
});
