// Our fault rules API: list, add one, remove one, remove all. The schemas
// document the rule shape in the OpenAPI file; the body itself is checked
// by faults/rule.ts (route validatorCompiler), the same check the --faults
// file gets, so a typo in a field name is an error and not silently dropped.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { FaultRegistry } from "../../faults/registry.js";
import { RuleError, parseRule } from "../../faults/rule.js";
import { ErrorText, IdParams } from "../schemas.js";
import { sendText } from "../plain-text.js";

const text = (description: string) => Type.Optional(Type.String({ description }));

const ReplyAction = Type.Object(
  {
    Type: Type.Literal("reply"),
    Code: Type.Integer({ minimum: 200, maximum: 599, description: "4xx/5xx refuse the step; 421 and 221 also close; a positive code that fits the stage (220 connect, 250, 251 rcpt, 235 auth, 354 data) lets it succeed with this reply" }),
    Enhanced: text('RFC 3463 code like 5.1.1; omitted picks one, "" sends none'),
    Text: text("reply text; \\n separates lines; omitted uses the code's usual text"),
  },
  { additionalProperties: false },
);
const DropAction = Type.Object({ Type: Type.Literal("drop") }, { additionalProperties: false, description: "close the connection with no reply" });
const DelayAction = Type.Object(
  {
    Type: Type.Literal("delay"),
    Ms: Type.Integer({ minimum: 0, maximum: 600_000 }),
    BytesPerSecond: Type.Optional(Type.Integer({ minimum: 1, description: "data-end: add size / rate, a slow link" })),
    BytesPerSecondMax: Type.Optional(Type.Integer({ minimum: 1, description: "rate drawn between BytesPerSecond and this" })),
    Then: Type.Optional(Type.Union([ReplyAction, DropAction], { description: "after the pause; omitted goes on as normal" })),
  },
  { additionalProperties: false },
);

const Stage = Type.Union(
  [Type.Literal("connect"), Type.Literal("helo"), Type.Literal("auth"), Type.Literal("mail"), Type.Literal("rcpt"), Type.Literal("data"), Type.Literal("data-end"), Type.Literal("any")],
  { description: "where the rule applies; any is every stage" },
);

const ruleFields = {
  Name: text("shown in the transcript when the rule fires"),
  Stage,
  Match: Type.Optional(
    Type.Object(
      {
        Address: text("glob on the MAIL or RCPT address (mail, rcpt)"),
        Domain: text("glob on its domain (mail, rcpt)"),
        User: text("glob on the AUTH user"),
        Client: text("glob on the client IP"),
        Helo: text("glob on the HELO/EHLO name"),
        Header: text("data-end: a header that must be present"),
        Value: text("data-end: glob on that header's decoded value"),
      },
      { additionalProperties: false, description: "every field given must match; globs use * and ?, case-insensitive" },
    ),
  ),
  Action: Type.Union([ReplyAction, DelayAction, DropAction]),
  Times: Type.Optional(Type.Integer({ minimum: 1, description: "fire only the next N times" })),
  Probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "chance of firing when it matches" })),
};

export const RuleSpecSchema = Type.Object({ ...ruleFields, Seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: "seed for Probability, for repeatable runs" })) }, { additionalProperties: false });

export const RuleViewSchema = Type.Object({
  ID: Type.String(),
  ...ruleFields,
  Source: Type.String({ description: "api, cli, file, chaos (Mailpit) or jim (MailHog)" }),
  Seed: Type.Integer({ description: "the seed in use (drawn at random when none was given)" }),
  Fired: Type.Integer({ description: "times the rule has fired" }),
  Remaining: Type.Union([Type.Integer(), Type.Null()], { description: "firings left for a rule with Times; null for one that always applies" }),
  Created: Type.String({ format: "date-time" }),
});

const RuleList = Type.Object({ total: Type.Integer(), rules: Type.Array(RuleViewSchema) });

/** The body goes through parseRule: one check for every source of rules, with its messages. */
const ruleBody = () => (data: unknown) => {
  try {
    return { value: parseRule(data) };
  } catch (err) {
    if (err instanceof RuleError) return { error: err };
    throw err;
  }
};

const ok = "ok";

/** Answered here, not by the app's error handler: the message is the checker's, in plain text. */
export const badRequest = (reply: FastifyReply, message: string): FastifyReply => sendText(reply, 400, message);

export const faultRoutes: FastifyPluginAsyncTypebox<{ faults: FaultRegistry }> = async (app, { faults }) => {
  app.get(
    "/api/v1/faults",
    { schema: { tags: ["faults"], summary: "List fault rules, in the order they are tried", response: { 200: RuleList } } },
    async () => {
      const rules = faults.list();
      return { total: rules.length, rules };
    },
  );

  app.post(
    "/api/v1/faults",
    {
      schema: { tags: ["faults"], summary: "Add a fault rule; returns it with its ID", body: RuleSpecSchema, response: { 200: RuleViewSchema, 400: ErrorText } },
      validatorCompiler: ruleBody,
      attachValidation: true,
    },
    async (req, reply) => {
      if (req.validationError) return badRequest(reply, req.validationError.message);
      // Already checked by ruleBody; parsing again types it as a RuleSpec without a cast, at no real cost.
      return faults.add(parseRule(req.body), "api");
    },
  );

  app.delete(
    "/api/v1/faults/:ID",
    { schema: { tags: ["faults"], summary: "Remove one fault rule", params: IdParams, response: { 200: ErrorText, 404: ErrorText } } },
    async (req, reply) => {
      const removed = faults.remove(req.params.ID);
      return sendText(reply, removed ? 200 : 404, removed ? ok : "fault rule not found");
    },
  );

  app.delete(
    "/api/v1/faults",
    { schema: { tags: ["faults"], summary: "Remove every fault rule (Mailpit chaos and MailHog Jim included)", response: { 200: ErrorText } } },
    async (_req, reply) => {
      faults.clear();
      return sendText(reply, 200, ok);
    },
  );
};
