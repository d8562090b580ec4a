// GET /view/{ID}.html and /view/{ID}.txt (Mailpit's views for UI tests), also
// under //view/, the path one popular client builds. Captured HTML is hostile:
// it is served with a CSP sandbox, so it runs in an opaque origin, with no
// script at all unless `embed=1` asks for our one height-reporting script.

import { randomBytes } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import type { MemoryStore } from "../../store/memory-store.js";
import type { ParsedView } from "../../store/parsed-view.js";
import { lookupMessage } from "../message-lookup.js";
import { sendText } from "../plain-text.js";
import { ErrorText } from "../schemas.js";

const CONTENT = "img-src * data: blob:; style-src * 'unsafe-inline'; font-src * data:; media-src * data:; object-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";
export const VIEW_CSP = `default-src 'none'; script-src 'none'; ${CONTENT}; sandbox allow-popups allow-popups-to-escape-sandbox`;
const embedCsp = (nonce: string): string => `default-src 'none'; script-src 'nonce-${nonce}'; ${CONTENT}; sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox`;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** cid: references to inline parts point at the part download, as Mailpit rewrites them. */
function linkInlineImages(id: string, view: ParsedView): string {
  let html = view.html;
  for (const part of [...view.inline, ...view.attachments]) {
    if (part.contentId === "") continue;
    const cid = new RegExp(`(=\\s*["']?)cid:${escapeRegExp(part.contentId)}(?=["'\\s/>;]|$)`, "gi");
    html = html.replace(cid, `$1/api/v1/message/${encodeURIComponent(id)}/part/${part.partId}`);
  }
  return html;
}

/** Links open outside the frame; the first of two duplicate attributes wins, so ours go first. */
function embedded(html: string, nonce: string): string {
  const linked = html.replace(/<a(?=[\s>])/gi, '<a target="_blank" rel="noreferrer noopener"');
  const script = `<script nonce="${nonce}">if(typeof window.parent=="object"){window.addEventListener("load",function(){window.parent.postMessage({messageHeight:document.body.scrollHeight},"*")})}</script>`;
  return /<\/body>/i.test(linked) ? linked.replace(/<\/body>/i, `${script}</body>`) : `<!DOCTYPE html><html><body>${linked}${script}</body></html>`;
}

const secure = (reply: FastifyReply, csp: string): FastifyReply =>
  reply.header("content-security-policy", csp).header("x-content-type-options", "nosniff").header("referrer-policy", "no-referrer").header("x-frame-options", "SAMEORIGIN");

const Params = Type.Object({ ID: Type.String({ minLength: 1, maxLength: 64, description: "Message ID or `latest`" }) });
const Query = Type.Object({
  embed: Type.Optional(Type.String({ description: "1: links open a new window, and a script posts the document height to the parent" })),
  query: Type.Optional(Type.String({ maxLength: 4096, description: "With ID `latest`: the newest message matching this search" })),
});

export const viewRoutes: FastifyPluginAsyncTypebox<{ store: MemoryStore }> = async (app, { store }) => {
  const find = async (id: string, query: string | undefined): Promise<{ id: string; view: ParsedView } | { status: 400 | 404; error: string }> => {
    const found = await lookupMessage(store, id, query);
    if ("error" in found) return found.status === 404 ? { status: 404, error: "Message not found" } : found;
    const view = await store.parsed(found.message.id);
    return view === undefined ? { status: 404, error: "Message not found" } : { id: found.message.id, view };
  };

  for (const prefix of ["", "/"]) {
    const hide = prefix !== ""; // the doubled slash is for one client's URLs, not for the document
    app.get(
      `${prefix}/view/:ID.html`,
      { schema: { hide, tags: ["testing"], summary: "Render message HTML part (Mailpit), sandboxed: no script runs in our origin", params: Params, querystring: Query, response: { 400: ErrorText, 404: ErrorText } } },
      async (req, reply) => {
        const found = await find(req.params.ID, req.query.query);
        if ("error" in found) return sendText(reply, found.status, found.error);
        if (found.view.html === "") return sendText(reply, 404, "This message does not contain a HTML part");
        const html = linkInlineImages(found.id, found.view);
        if (req.query.embed !== "1") return secure(reply, VIEW_CSP).type("text/html; charset=utf-8").send(html);
        const nonce = randomBytes(16).toString("base64");
        return secure(reply, embedCsp(nonce)).type("text/html; charset=utf-8").send(embedded(html, nonce));
      },
    );
    app.get(
      `${prefix}/view/:ID.txt`,
      { schema: { hide, tags: ["testing"], summary: "Render message text part (Mailpit)", params: Params, querystring: Query, response: { 400: ErrorText, 404: ErrorText } } },
      async (req, reply) => {
        const found = await find(req.params.ID, req.query.query);
        if ("error" in found) return sendText(reply, found.status, found.error);
        return secure(reply, VIEW_CSP).type("text/plain; charset=utf-8").send(found.view.text);
      },
    );
  }
};
