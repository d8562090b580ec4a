// Who may use the UI, API and feed: optional basic auth from an htpasswd-style
// file (--ui-auth-file, Mailpit's flag), and CORS only for the origins the
// user names (--api-cors). Nothing is cross-origin by default.

import fastifyBasicAuth from "@fastify/basic-auth";
import fastifyCors from "@fastify/cors";
import bcrypt from "bcryptjs";
import type { FastifyInstance } from "fastify";
import { sameSecret } from "../same-secret.js";

/** user -> password as written in the file (read by auth-file.ts): a bcrypt hash ($2a$/$2b$/$2y$) or plain text. */
export type Users = ReadonlyMap<string, string>;

export async function checkPassword(users: Users, user: string, password: string): Promise<boolean> {
  const stored = users.get(user);
  if (stored === undefined) return false;
  if (/^\$2[aby]\$\d\d\$/.test(stored)) return bcrypt.compare(password, stored);
  return sameSecret(stored, password);
}

export interface AccessOptions {
  users: Users | null;
  corsOrigins: readonly string[];
}

export async function registerAccess(app: FastifyInstance, o: AccessOptions): Promise<void> {
  if (o.corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: o.corsOrigins.includes("*") ? true : [...o.corsOrigins], methods: ["GET", "POST", "PUT", "DELETE"] });
  }
  const users = o.users;
  if (users === null) return;
  await app.register(fastifyBasicAuth, {
    authenticate: { realm: "Mailscope" },
    async validate(user, password) {
      if (!(await checkPassword(users, user, password))) throw new Error("invalid user or password");
    },
  });
  app.addHook("onRequest", app.basicAuth);
}
