// Mailpit's SendRequest (POST /api/v1/send) -> a MIME message, built with
// nodemailer's composer. Content arrives as data: attachments are base64
// buffers, never paths or URLs the composer could read.

import MailComposer from "nodemailer/lib/mail-composer";

export interface SendAddress {
  Email: string;
  Name?: string;
}

export interface SendAttachment {
  Content: string;
  Filename: string;
  ContentType?: string;
  ContentID?: string;
}

export interface SendRequest {
  From: SendAddress;
  To?: SendAddress[];
  Cc?: SendAddress[];
  Bcc?: string[];
  ReplyTo?: SendAddress[];
  Subject?: string;
  Text?: string;
  HTML?: string;
  Headers?: Record<string, string>;
  Tags?: string[];
  Attachments?: SendAttachment[];
}

export class SendError extends Error {}

/** Headers the request sets through its own fields (Mailpit's list). */
const RESTRICTED = ["to", "from", "cc", "bcc", "reply-to", "date", "subject", "content-type", "mime-version"];
const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/;
const FIELD_NAME = /^[!-9;-~]+$/;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function checked(list: SendAddress[] | undefined, what: string): Array<{ name: string; address: string }> {
  return (list ?? []).map((a) => {
    if (!ADDRESS.test(a.Email)) throw new SendError(`invalid ${what} address: ${a.Email}`);
    return { name: a.Name ?? "", address: a.Email };
  });
}

function headers(req: SendRequest): Record<string, string> {
  const out: Record<string, string> = {};
  const restricted = req.Tags !== undefined && req.Tags.length > 0 ? [...RESTRICTED, "x-tags"] : RESTRICTED;
  for (const [name, value] of Object.entries(req.Headers ?? {})) {
    if (!FIELD_NAME.test(name)) throw new SendError(`invalid header name: ${JSON.stringify(name)}`);
    if (restricted.includes(name.toLowerCase())) throw new SendError(`cannot overwrite header: "${name}"`);
    if (/[\r\n]/.test(value)) throw new SendError(`header ${name} must not contain line breaks`);
    out[name] = value;
  }
  if (restricted.length > RESTRICTED.length) out["X-Tags"] = (req.Tags ?? []).join(", ");
  return out;
}

function attachments(req: SendRequest): Array<{ filename: string; content: Buffer; contentType?: string; cid?: string }> {
  return (req.Attachments ?? []).map((a) => {
    // A browser's readAsDataURL() gives "data:image/png;base64,<data>": Mailpit takes what follows the comma.
    const data = a.Content.slice(a.Content.lastIndexOf(",") + 1);
    if (!BASE64.test(data)) throw new SendError(`error decoding base64 attachment "${a.Filename}"`);
    return {
      filename: a.Filename,
      content: Buffer.from(data, "base64"),
      ...(a.ContentType ? { contentType: a.ContentType } : {}),
      ...(a.ContentID ? { cid: a.ContentID } : {}),
    };
  });
}

export interface Composed {
  raw: Buffer;
  from: string;
  recipients: string[];
}

export async function compose(req: SendRequest): Promise<Composed> {
  const [from] = checked([req.From], "From");
  const to = checked(req.To, "To");
  const cc = checked(req.Cc, "Cc");
  const bcc = (req.Bcc ?? []).map((e) => checked([{ Email: e }], "Bcc")[0] ?? { name: "", address: e });
  const replyTo = checked(req.ReplyTo, "Reply-To");
  const mail = new MailComposer({
    from,
    to,
    cc,
    replyTo,
    subject: req.Subject ?? "",
    text: req.Text ?? "",
    ...(req.HTML ? { html: req.HTML } : {}),
    headers: headers(req),
    attachments: attachments(req),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const raw = await mail.compile().build();
  return { raw, from: from?.address ?? "", recipients: [...to, ...cc, ...bcc].map((a) => a.address) };
}
