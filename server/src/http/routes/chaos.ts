// Mailpit's chaos API, mapped onto fault rules (faults/chaos.ts). Same paths,
// shapes and errors as Mailpit: 400 with a plain-text message, and
// "Chaos is not enabled" unless --enable-chaos (or --chaos-triggers) is given.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { ChaosError, parseTriggers, type Chaos } from "../../faults/chaos.js";
import { ErrorText } from "../schemas.js";
import { badRequest } from "./faults.js";
import { sendText } from "../plain-text.js";

const Trigger = Type.Object({
  ErrorCode: Type.Integer({ description: "SMTP error code to return, 400 to 599", examples: [451] }),
  Probability: Type.Integer({ description: "chance of the error, 0 to 100 (percent)", examples: [5] }),
});

const ChaosTriggersSchema = Type.Object({
  Authentication: Trigger,
  Recipient: Trigger,
  Sender: Trigger,
});

const ChaosTriggersBody = Type.Object({
  Authentication: Type.Optional(Trigger),
  Recipient: Type.Optional(Trigger),
  Sender: Type.Optional(Trigger),
});

const NOT_ENABLED = "Chaos is not enabled";

const triggersBody = () => (data: unknown) => {
  try {
    return { value: parseTriggers(data) };
  } catch (err) {
    if (err instanceof ChaosError) return { error: err };
    throw err;
  }
};

export const chaosRoutes: FastifyPluginAsyncTypebox<{ chaos: Chaos }> = async (app, { chaos }) => {
  // Before the body is read, as Mailpit answers it whatever the body holds.
  const enabled = async (_req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!chaos.enabled) await sendText(reply, 400, NOT_ENABLED);
  };

  app.get(
    "/api/v1/chaos",
    { onRequest: enabled, schema: { tags: ["testing"], summary: "Get Chaos triggers (Mailpit)", response: { 200: ChaosTriggersSchema, 400: ErrorText } } },
    async () => chaos.get(),
  );

  app.put(
    "/api/v1/chaos",
    {
      onRequest: enabled,
      validatorCompiler: triggersBody,
      attachValidation: true,
      schema: {
        tags: ["testing"],
        summary: "Set Chaos triggers (Mailpit); omitted triggers reset to 0%",
        description: "Each trigger with a probability above 0 becomes a fault rule (Source chaos), listed by GET /api/v1/faults.",
        body: ChaosTriggersBody,
        response: { 200: ChaosTriggersSchema, 400: ErrorText },
      },
    },
    async (req, reply) => {
      if (req.validationError) return badRequest(reply, req.validationError.message);
      return chaos.set(parseTriggers(req.body));
    },
  );
};
