// Plain-text answers, as Mailpit gives them: "ok" for mutations and a
// sentence saying what went wrong for errors. One helper, so every route
// sets the same content type and charset.

import type { FastifyReply } from "fastify";

export function sendText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type("text/plain; charset=utf-8").send(text);
}

/** The 400 body for a search the query parser could not read. */
export const badQuery = (problems: readonly string[]): string => `bad query: ${problems.join("; ")}`;
