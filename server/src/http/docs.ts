// The OpenAPI document, generated from the route schemas, served at
// /api/v1/openapi.json (and Mailpit's /api/v1/swagger.json), with an
// interactive page at /api/docs. Registered before the routes it describes.

import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Mailscope API",
        version,
        description: "A superset of Mailpit's API v1, with SMTP sessions and their transcripts. MailHog's v2 paths are served too.",
      },
      tags: [
        { name: "messages", description: "Captured messages (Mailpit's API v1)" },
        { name: "sessions", description: "SMTP sessions and their transcripts (Mailscope)" },
        { name: "application", description: "Server information" },
      ],
    },
  });
}

/** After every route is registered, so the document is complete. */
export async function registerDocsUi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  const document = (): unknown => app.swagger();
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => document());
  app.get("/api/v1/swagger.json", { schema: { hide: true } }, async () => document());
}
