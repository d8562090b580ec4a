// Who may use the UI, API and feed: optional basic auth from an htpasswd-style
// file (--ui-auth-file, Mailpit's flag), and CORS only for the origins the
// user names (--api-cors). Nothing is cross-origin by default.

import { readFile } from "node:fs/promises";
import { timingSafeEqual } from "node:crypto";
import fastifyBasicAuth from "@fastify/basic-auth";
import fastifyCors from "@fastify/cors";
import bcrypt from "bcryptjs";
import type { FastifyInstance } from "fastify";

/** user -> password as written in the file: a bcrypt hash ($2a$/$2b$/$2y$) or plain text. */
export type Users = ReadonlyMap<string, string>;

export async function loadUsers(path: string): Promise<Users> {
  const users = new Map<string, string>();
  for (const [i, line] of (await readFile(path, "utf8")).split(/\r?\n/).entries()) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`${path}:${i + 1}: expected user:password`);
    users.set(line.slice(0, colon), line.slice(colon + 1));
  }
  if (users.size === 0) throw new Error(`${path}: no user:password lines`);
  return users;
}

function samePlain(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function checkPassword(users: Users, user: string, password: string): Promise<boolean> {
  const stored = users.get(user);
  if (stored === undefined) return false;
  if (/^\$2[aby]\$\d\d\$/.test(stored)) return bcrypt.compare(password, stored);
  return samePlain(stored, password);
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
