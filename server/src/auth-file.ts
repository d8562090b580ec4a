// The user:password files: --smtp-auth-file (SMTP AUTH) and --ui-auth-file
// (basic auth for the UI and API) share one format and this one reader.
// One "user:password" per line; # comments and blank lines are ignored.

import { readFile } from "node:fs/promises";

export async function loadAuthFile(path: string): Promise<Map<string, string>> {
  const text = await readFile(path, "utf8");
  const users = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "" || line.trimStart().startsWith("#")) return;
    const colon = line.indexOf(":");
    if (colon <= 0) throw new Error(`${path}:${i + 1}: expected user:password`);
    users.set(line.slice(0, colon), line.slice(colon + 1));
  });
  if (users.size === 0) throw new Error(`${path}: no user:password lines`);
  return users;
}
