// IDs for messages and sessions: opaque, URL-safe and never reused. A time
// prefix keeps them roughly ordered; random bits keep them unguessable.

import { randomBytes } from "node:crypto";

let last = 0;
let counter = 0;

export function newId(): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  const head = Buffer.alloc(8);
  head.writeUIntBE(now, 0, 6);
  head.writeUInt16BE(counter & 0xffff, 6);
  return head.toString("base64url") + randomBytes(6).toString("base64url");
}
