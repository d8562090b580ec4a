// Bcc as a catcher sees it: the envelope recipients named in neither To nor Cc.

import type { MailAddress } from "./header-summary.js";
import { append, emptyList } from "../empty-list.js";
import type { StoredEnvelope } from "./types.js";

export function bccOf(envelope: StoredEnvelope, to: MailAddress[], cc: MailAddress[]): MailAddress[] {
  let bcc = emptyList<MailAddress>();
  // A handful of addresses (nearly all mail) are compared directly, for every message read; thousands go through a Set.
  const visible = to.length + cc.length > 16 ? new Set([...to, ...cc].map((a) => a.address.toLowerCase())) : null;
  for (const r of envelope.rcptTo) {
    const address = r.address.toLowerCase();
    const shown = visible !== null ? visible.has(address) : to.some((a) => a.address.toLowerCase() === address) || cc.some((a) => a.address.toLowerCase() === address);
    if (!shown) bcc = append(bcc, { name: "", address: r.address });
  }
  return bcc;
}
