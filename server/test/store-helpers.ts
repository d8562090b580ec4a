// Helpers for the store tests: fixture files, a message put straight into a
// MemoryStore, and one delivered through a real SMTP socket.

import { readFileSync } from "node:fs";
import { MemoryStore, type StoreLimits } from "../src/store/memory-store.js";
import { ready } from "./harness.js";

export const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/mail/${name}`, import.meta.url));

export function newStore(limits: Partial<StoreLimits> = {}): MemoryStore {
  return new MemoryStore({ maxMessages: 100_000, maxSessions: 100_000, ...limits });
}

export interface PutOptions {
  from?: string;
  to?: string[];
  receivedAt?: Date;
  sessionId?: string;
}

/** CRLF line ends, as SMTP carries them. */
export const crlf = (text: string): Buffer => Buffer.from(text.replace(/\r?\n/g, "\r\n"));

export function put(store: MemoryStore, raw: Buffer | string, options: PutOptions = {}): string {
  return store.deliver({
    sessionId: options.sessionId ?? "session-x",
    envelope: {
      mailFrom: { address: options.from ?? "sender@example.test", params: {} },
      rcptTo: (options.to ?? ["rcpt@example.test"]).map((address) => ({ address, params: {} })),
      helo: "client.test",
      authUser: "",
      tls: false,
      clientAddress: "127.0.0.1",
    },
    raw: typeof raw === "string" ? crlf(raw) : raw,
    receivedAt: options.receivedAt ?? new Date(),
    span: { First: 0, Last: 0 },
  });
}

/** RFC 5321 4.5.2: a line that starts with a dot gets another one. */
function dotStuff(raw: Buffer): Buffer {
  const text = raw.toString("latin1").replace(/(^|\n)\./g, "$1..");
  return Buffer.from(text.endsWith("\r\n") ? text : `${text}\r\n`, "latin1");
}

/** Delivers raw bytes through a real SMTP session and returns the stored ID from the 250 reply. */
export async function sendRaw(port: number, raw: Buffer, from = "sender@example.test", to: string[] = ["rcpt@example.test"]): Promise<string> {
  const c = await ready(port);
  const expect = async (line: string, code: number): Promise<string> => {
    const r = await c.command(line);
    if (r.code !== code) throw new Error(`${line.slice(0, 40)}: ${r.text}`);
    return r.text;
  };
  await expect(`MAIL FROM:<${from}> BODY=8BITMIME SMTPUTF8`, 250);
  for (const rcpt of to) await expect(`RCPT TO:<${rcpt}>`, 250);
  await expect("DATA", 354);
  c.write(dotStuff(raw));
  const done = await expect(".", 250);
  await c.command("QUIT");
  const id = /queued as (\S+)/.exec(done)?.[1];
  if (id === undefined) throw new Error(`no ID in ${done}`);
  return id;
}
