// Releasing a captured message through the configured relay with
// nodemailer's SMTP client, with Mailpit's rules: recipients checked against
// the allow and block lists, Bcc removed, a fresh Date and Message-ID (so a
// real mailbox does not hide it as a duplicate), Return-Path if configured.

import type { Transporter } from "nodemailer";
import { newId } from "../ids.js";
import { parseAddresses, type HeaderSummary } from "../store/header-summary.js";
import type { RelayConfig } from "./config.js";
import { rewriteHeaders } from "./rewrite.js";

export class ReleaseRefused extends Error {}

const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/;

/** The bare addresses, or why they cannot be released to. */
export function checkRecipients(relay: RelayConfig, to: string[]): string[] {
  const addresses = to.map((t) => {
    const parsed = parseAddresses(t);
    const address = parsed.length === 1 ? (parsed[0]?.address ?? "") : "";
    if (!ADDRESS.test(address)) throw new ReleaseRefused(`Invalid email address: ${t}`);
    return address;
  });
  if (addresses.length === 0) throw new ReleaseRefused("No valid addresses found");
  const notAllowed = relay.allowedRecipients === null ? [] : addresses.filter((a) => !relay.allowedRecipients?.test(a));
  if (notAllowed.length > 0) throw new ReleaseRefused(`Failed: ${notAllowed.length === 1 ? "Address does" : "Addresses do"} not match the allowlist: ${notAllowed.join(", ")}`);
  const blocked = relay.blockedRecipients === null ? [] : addresses.filter((a) => relay.blockedRecipients?.test(a));
  if (blocked.length > 0) throw new ReleaseRefused(`Failed: ${blocked.length === 1 ? "Address" : "Addresses"} found on blocklist: ${blocked.join(", ")}`);
  return addresses;
}

function senderOf(relay: RelayConfig, summary: HeaderSummary, sender: string): string {
  if (relay.returnPath !== "") return relay.returnPath;
  const from = parseAddresses(sender)[0]?.address || summary.from?.address || "";
  if (from === "") throw new ReleaseRefused("No From header found");
  return from;
}

export async function transportFor(relay: RelayConfig, hostname: string): Promise<Transporter> {
  const method = { none: "", plain: "PLAIN", login: "LOGIN", "cram-md5": "CRAM-MD5" }[relay.auth];
  // Loaded on the first release: most runs never relay anything.
  const { default: nodemailer } = await import("nodemailer");
  return nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: false,
    requireTLS: relay.startTls,
    ignoreTLS: !relay.startTls,
    name: hostname,
    tls: { rejectUnauthorized: !relay.allowInsecure },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(method === "" ? {} : { auth: { user: relay.username, pass: relay.password, method } }),
  });
}

export interface Releasable {
  raw: Buffer;
  summary: HeaderSummary;
  /** The Sender header, when there is one: it is who sent the message. */
  sender: string;
}

export async function release(relay: RelayConfig, hostname: string, message: Releasable, to: string[]): Promise<void> {
  const recipients = checkRecipients(relay, to);
  const from = senderOf(relay, message.summary, message.sender);
  const set: Array<[string, string]> = [
    ["Date", new Date().toUTCString().replace("GMT", "+0000")],
    ["Message-ID", `<${newId()}@mailscope>`],
    ...(relay.returnPath === "" ? [] : [["Return-Path", `<${relay.returnPath}>`] as [string, string]]),
  ];
  const raw = rewriteHeaders(message.raw, ["Bcc"], set);
  const transport = await transportFor(relay, hostname);
  try {
    await transport.sendMail({ envelope: { from, to: recipients }, raw });
  } finally {
    transport.close();
  }
}
