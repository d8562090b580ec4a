// Replies are data: every reply the engine sends is a Reply value built
// here, and only the session turns one into bytes on the socket.

export interface Reply {
  code: number;
  /** RFC 3463 enhanced status code, e.g. "2.1.0"; omitted where RFC 2034 has none (greeting, EHLO, 334, 354). */
  enhanced?: string;
  /** One element per line of a multi-line reply. */
  lines: string[];
}

export function reply(code: number, enhanced: string | undefined, ...lines: string[]): Reply {
  return enhanced === undefined ? { code, lines } : { code, enhanced, lines };
}

/** Thrown anywhere inside command handling; the session turns it into its reply. */
export class SmtpError extends Error {
  constructor(readonly reply: Reply) {
    super(`${reply.code} ${reply.lines.join(" ")}`);
  }
}

export function errorToReply(err: unknown): Reply {
  if (err instanceof SmtpError) return err.reply;
  return reply(451, "4.3.0", "Local error in processing");
}

/** Wire form: "250-first\r\n250 last\r\n", with the enhanced code on every line. */
export function formatReply(r: Reply): string {
  const prefix = r.enhanced === undefined ? "" : `${r.enhanced} `;
  const lines = r.lines.length === 0 ? [""] : r.lines;
  let out = "";
  for (let i = 0; i < lines.length; i++) {
    const sep = i === lines.length - 1 ? " " : "-";
    out += `${r.code}${sep}${prefix}${lines[i]}\r\n`;
  }
  return out;
}

export const isError = (r: Reply): boolean => r.code >= 400;

/**
 * A reply that never changes: one frozen value, handed out on every call, so
 * its wire form can be worked out once (see the session's send) instead of per use.
 */
function fixed(r: Reply): () => Reply {
  const shared = frozen(r);
  return () => shared;
}

/** Frozen through its lines: the session caches the wire form of frozen replies. */
function frozen(r: Reply): Reply {
  Object.freeze(r.lines);
  return Object.freeze(r);
}

/** A reply that depends only on `key` (the engine's options): made once per key, frozen like the fixed ones. */
export function fixedFor<K extends object>(make: (key: K) => Reply): (key: K) => Reply {
  const made = new WeakMap<K, Reply>();
  return (key) => {
    let r = made.get(key);
    if (r === undefined) {
      r = frozen(make(key));
      made.set(key, r);
    }
    return r;
  };
}

// The fixed replies, named for where they are used. Codes per RFC 5321 4.2.
export const R = {
  ok: fixed(reply(250, "2.0.0", "OK")),
  senderOk: fixed(reply(250, "2.1.0", "Sender OK")),
  recipientOk: fixed(reply(250, "2.1.5", "Recipient OK")),
  reset: fixed(reply(250, "2.0.0", "Reset state")),
  bye: fixed(reply(221, "2.0.0", "Bye")),
  help: fixed(
    reply(214, "2.0.0", "Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH", "Mailscope catches mail for testing; nothing is delivered"),
  ),
  vrfy: fixed(reply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery")),
  startData: fixed(reply(354, undefined, "End data with <CR><LF>.<CR><LF>")),
  readyTls: fixed(reply(220, "2.0.0", "Ready to start TLS")),
  authOk: fixed(reply(235, "2.7.0", "Authentication successful")),
  queued: (id: string) => reply(250, "2.0.0", `Ok: queued as ${id}`),
  chunkOk: (n: number) => reply(250, "2.0.0", `${n} octets received`),

  unknownCommand: fixed(reply(500, "5.5.2", "Syntax error, command unrecognized")),
  lineTooLong: (max: number) => reply(500, "5.5.2", `Line too long (limit ${max} bytes)`),
  syntax: (text: string) => reply(501, "5.5.4", text),
  badSender: (text: string) => reply(501, "5.1.7", text),
  badRecipient: (text: string) => reply(501, "5.1.3", text),
  notImplemented: fixed(reply(502, "5.5.1", "Command not implemented")),
  badSequence: (text: string) => reply(503, "5.5.1", text),
  unknownMechanism: fixed(reply(504, "5.5.4", "Unrecognized authentication type")),
  paramNotRecognised: (name: string) => reply(555, "5.5.4", `Unsupported parameter ${name}`),
  authRequired: fixed(reply(530, "5.7.0", "Authentication required")),
  tlsRequired: fixed(reply(530, "5.7.0", "Must issue a STARTTLS command first")),
  authFailed: fixed(reply(535, "5.7.8", "Authentication credentials invalid")),
  authCancelled: fixed(reply(501, "5.0.0", "Authentication cancelled")),
  tooBig: (limit: number) => reply(552, "5.3.4", `Message size exceeds fixed maximum message size (${limit} bytes)`),
  tooManyRecipients: (limit: number) => reply(452, "4.5.3", `Too many recipients (limit ${limit})`),
  tlsUnavailable: fixed(reply(454, "4.7.0", "TLS not available")),
  tlsAlready: fixed(reply(503, "5.5.1", "TLS already active")),

  tooManyErrors: fixed(reply(421, "4.7.0", "Too many errors, closing connection")),
  idleTimeout: fixed(reply(421, "4.4.2", "Idle timeout, closing connection")),
  tooManyConnections: fixed(reply(421, "4.7.0", "Too many connections, try again later")),
  shuttingDown: fixed(reply(421, "4.3.2", "Service shutting down, closing connection")),
  forbiddenCommand: fixed(reply(421, "4.7.0", "This is an SMTP server, not HTTP; closing connection")),
} as const;
