// MailHog's Jim (/api/v2/jim), mapped onto fault rules (faults/jim.ts), with
// MailHog's statuses: 404 while Jim is off, POST 201 (400 when already on),
// PUT and DELETE 200, all with empty bodies. One deliberate difference: a
// POST body with bad values is 400, where MailHog ignores it silently.

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { JimError, MAILHOG_DEFAULTS, parseJim, type Jim, type JimSettings } from "../../faults/jim.js";
import { ErrorText } from "../schemas.js";
import { badRequest } from "./faults.js";

const chance = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });
const fields = {
  DisconnectChance: chance("drop the connection at any step"),
  AcceptChance: chance("accept a connection (the rest are dropped at once)"),
  LinkSpeedAffect: chance("slow the link for a message (a pause at the end of data)"),
  LinkSpeedMin: Type.Number({ description: "bytes per second" }),
  LinkSpeedMax: Type.Number({ description: "bytes per second" }),
  RejectSenderChance: chance("550 at MAIL"),
  RejectRecipientChance: chance("550 at RCPT"),
  RejectAuthChance: chance("535 at AUTH"),
};
const JimSchema = Type.Object(fields);
const JimBody = Type.Partial(Type.Object(fields), { description: "fields left out are switched off" });

/** No body (a bare POST) is MailHog's defaults; a body is checked. */
const jimBody = () => (data: unknown) => {
  if (data === null || data === undefined) return { value: null };
  try {
    return { value: parseJim(data) };
  } catch (err) {
    if (err instanceof JimError) return { error: err };
    throw err;
  }
};

const settingsOf = (body: unknown): JimSettings => (body === null || body === undefined ? { ...MAILHOG_DEFAULTS } : parseJim(body));

export const jimRoutes: FastifyPluginAsyncTypebox<{ jim: Jim }> = async (app, { jim }) => {
  const schema = (summary: string, extra: object = {}) => ({ tags: ["mailhog"], summary, ...extra });

  app.get("/api/v2/jim", { schema: schema("Jim's settings (404 while Jim is off)", { response: { 200: JimSchema, 404: ErrorText } }) }, async (_req, reply) => {
    const settings = jim.get();
    if (settings === null) return reply.code(404).send("");
    return settings;
  });

  app.post("/api/v2/jim", { validatorCompiler: jimBody, attachValidation: true, schema: schema("Turn Jim on (MailHog's defaults without a body)", { body: JimBody }) }, async (req, reply) => {
    if (jim.on) return reply.code(400).send("");
    if (req.validationError) return badRequest(reply, req.validationError.message);
    jim.set(settingsOf(req.body));
    return reply.code(201).send("");
  });

  app.put("/api/v2/jim", { validatorCompiler: jimBody, attachValidation: true, schema: schema("Change Jim's settings", { body: JimBody }) }, async (req, reply) => {
    if (!jim.on) return reply.code(404).send("");
    if (req.validationError) return badRequest(reply, req.validationError.message);
    if (req.body === null || req.body === undefined) return reply.code(400).send("");
    jim.set(parseJim(req.body));
    return reply.send("");
  });

  app.delete("/api/v2/jim", { schema: schema("Turn Jim off") }, async (_req, reply) => {
    if (!jim.on) return reply.code(404).send("");
    jim.off();
    return reply.send("");
  });
};
