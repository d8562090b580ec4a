// MailHog's release: relay one stored message, as received, to the SMTP
// server the request names, with nodemailer's SMTP client. The envelope
// sender is the message's own (MailHog uses nobody@its-hostname, which real
// relays tend to refuse); the only recipient is the request's Email.


import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { StoredMessage } from "../../store/types.js";
import { RELEASE_KEYS, type ReleaseRequest } from "./schemas.js";

/** Go reads JSON keys case-insensitively: give the keys we know the spelling our schema uses. */
export function canonicalReleaseKeys(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const out = Object.create(null) as Record<string, unknown>; // a "__proto__" key stays a key
  for (const [key, value] of Object.entries(body)) {
    const known = RELEASE_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    out[known ?? key] = value;
  }
  return out;
}

/** MailHog knows PLAIN and CRAMMD5; CRAM-MD5 (the npm client's spelling) and LOGIN are read too. */
export function authMethod(mechanism: string | undefined): string | null | undefined {
  const m = (mechanism ?? "").toUpperCase().replace(/-/g, "");
  if (m === "") return undefined; // the relay's offer decides
  if (m === "PLAIN" || m === "LOGIN") return m;
  if (m === "CRAMMD5") return "CRAM-MD5";
  return null;
}

export class ReleaseInputError extends Error {}

export async function relay(message: StoredMessage, req: ReleaseRequest): Promise<void> {
  const port = Number(req.Port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ReleaseInputError(`Port ${String(req.Port)} is not a port number`);
  const method = authMethod(req.Mechanism);
  if (method === null) throw new ReleaseInputError(`Mechanism ${req.Mechanism ?? ""} is not PLAIN, CRAMMD5 or LOGIN`);
  const options: SMTPTransport.Options = {
    host: req.Host,
    port,
    secure: false, // STARTTLS when the relay offers it, as MailHog's Go client does
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  if (req.Username !== undefined || req.Password !== undefined) options.auth = { user: req.Username ?? "", pass: req.Password ?? "" };
  if (method !== undefined) options.authMethod = method;
  const { createTransport } = await import("nodemailer"); // loaded on the first release only
  const transport = createTransport(options);
  try {
    await transport.sendMail({ envelope: { from: message.envelope.mailFrom.address, to: [req.Email] }, raw: message.raw });
  } finally {
    transport.close();
  }
}
