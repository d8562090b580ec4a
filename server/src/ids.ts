// IDs for messages and sessions: opaque, URL-safe and never reused. A time
// prefix keeps them roughly ordered; random bits keep them unguessable.

import { randomFillSync } from "node:crypto";

const RANDOM_BYTES = 6;
// One getrandom call per 512 IDs instead of one per ID: ingest makes two IDs per message.
const pool = Buffer.alloc(RANDOM_BYTES * 512);
let poolOffset = pool.length;

let last = 0;
let counter = 0;

export function newId(): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = Buffer.allocUnsafe(8 + RANDOM_BYTES);
  id.writeUIntBE(now, 0, 6);
  id.writeUInt16BE(counter & 0xffff, 6);
  pool.copy(id, 8, poolOffset, poolOffset + RANDOM_BYTES);
  poolOffset += RANDOM_BYTES;
  return id.toString("base64url");
}
