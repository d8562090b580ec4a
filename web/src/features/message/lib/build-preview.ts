// Turns a message's HTML into the srcdoc of the preview iframe. The guards,
// strongest first:
//   1. the iframe's sandbox: no scripts, no same-origin, no forms, no top navigation;
//   2. a CSP meta, the first element of <head>: no script, no connections, and
//      no remote images, styles, fonts or media until the user allows them;
//   3. this rewrite: script-like elements and attributes removed, remote URLs
//      parked in data- attributes while blocked, cid: URLs pointed at the parts.
// The mail is parsed with DOMParser, whose documents load nothing and run nothing.

export interface PreviewOptions {
  allowRemote: boolean;
  /** Content-ID (without <>) -> URL of that inline part. */
  cidUrls: ReadonlyMap<string, string>;
  /** URL prefix the inline parts are served under; the only non-data image source while blocked. */
  partPrefix: string;
}

export interface Preview {
  srcdoc: string;
  /** Remote resources found (images, styles, fonts...), loaded or not. */
  remote: number;
}

const DROP = "script, iframe, frame, frameset, object, embed, applet, base, meta, portal, noembed, animate, set, animatemotion, animatetransform";
const URL_ATTRS = ["href", "src", "action", "formaction", "background", "poster", "cite", "longdesc", "lowsrc", "dynsrc", "data", "xlink:href", "srcset"];
const RESOURCE_ATTRS = new Set(["src", "background", "poster", "lowsrc", "dynsrc", "srcset", "data"]);
const REMOTE = /^\s*(?:https?:)?\/\//i;
const CSS_REMOTE = /url\(\s*(['"]?)\s*((?:https?:)?\/\/[^'")\s]*)\s*\1\s*\)|@import\s+(['"])\s*((?:https?:)?\/\/[^'"]*)\3/gi;
const CSS_CID = /url\(\s*(['"]?)\s*cid:([^'")\s]*)\s*\1\s*\)/gi;

export function previewCsp(allowRemote: boolean, partPrefix: string): string {
  const remote = allowRemote ? " http: https:" : "";
  return [
    "default-src 'none'",
    `img-src data: ${partPrefix}${remote}`,
    `style-src 'unsafe-inline'${remote}`,
    `font-src data:${remote}`,
    `media-src${allowRemote ? remote : " 'none'"}`,
    "script-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** Scripts hide in URLs as javascript:, vbscript: or an HTML data: URL; whitespace and controls inside the scheme are ignored by browsers. */
function scriptUrl(value: string): boolean {
  const squashed = value.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
  return /^(?:javascript|vbscript|livescript):/.test(squashed) || (/^data:/.test(squashed) && !/^data:image\/(?!svg)/.test(squashed));
}

function rewriteCss(css: string, o: PreviewOptions, count: { n: number }): string {
  const withCid = css.replace(CSS_CID, (_m, _q: string, cid: string) => {
    const url = o.cidUrls.get(decodeURIComponent(cid));
    return url === undefined ? "none" : `url("${url}")`;
  });
  return withCid.replace(CSS_REMOTE, (match) => {
    count.n += 1;
    return o.allowRemote ? match : match.startsWith("@") ? "" : "none";
  });
}

function cleanAttribute(el: Element, name: string, o: PreviewOptions, count: { n: number }): void {
  const value = el.getAttribute(name) ?? "";
  if (name.startsWith("on") || name === "ping" || name === "srcdoc" || name === "formaction" || name === "http-equiv") {
    el.removeAttribute(name);
    return;
  }
  if (name === "style") {
    el.setAttribute("style", rewriteCss(value, o, count));
    return;
  }
  if (!URL_ATTRS.includes(name)) return;
  if (scriptUrl(value) && !(name === "srcset" || (name === "src" && el.localName === "img" && /^\s*data:image\//i.test(value)))) {
    el.removeAttribute(name);
    return;
  }
  if (/^\s*cid:/i.test(value)) {
    const url = o.cidUrls.get(decodeURIComponent(value.trim().slice(4)).replace(/^<|>$/g, ""));
    if (url === undefined) el.removeAttribute(name);
    else el.setAttribute(name, url);
    return;
  }
  const resource = RESOURCE_ATTRS.has(name) || (el.localName === "link" && name === "href") || (el.localName === "image" && name.endsWith("href"));
  if (resource && (REMOTE.test(value) || (name === "srcset" && /(?:https?:)?\/\//i.test(value)))) {
    count.n += 1;
    if (!o.allowRemote) {
      el.setAttribute(`data-blocked-${name.replace(":", "-")}`, value);
      el.removeAttribute(name);
    }
  }
}

function sanitize(doc: Document, o: PreviewOptions, count: { n: number }): void {
  for (const el of Array.from(doc.querySelectorAll(DROP))) el.remove();
  // Only stylesheets may stay among links: prefetch, preconnect and dns-prefetch leak without a fetch CSP can see.
  for (const el of Array.from(doc.querySelectorAll("link"))) {
    if (!/(^|\s)stylesheet(\s|$)/i.test(el.getAttribute("rel") ?? "")) el.remove();
  }
  for (const el of Array.from(doc.querySelectorAll("style"))) el.textContent = rewriteCss(el.textContent ?? "", o, count);
  for (const el of Array.from(doc.querySelectorAll("*"))) {
    for (const name of el.getAttributeNames()) cleanAttribute(el, name.toLowerCase(), o, count);
  }
  for (const el of Array.from(doc.querySelectorAll("form"))) el.removeAttribute("action");
  // Links open in a new tab, outside the sandbox, never inside the preview.
  for (const el of Array.from(doc.querySelectorAll("a[href], area[href]"))) {
    el.setAttribute("target", "_blank");
    el.setAttribute("rel", "noopener noreferrer");
  }
}

function prependHead(doc: Document, o: PreviewOptions): void {
  const csp = doc.createElement("meta");
  csp.setAttribute("http-equiv", "Content-Security-Policy");
  csp.setAttribute("content", previewCsp(o.allowRemote, o.partPrefix));
  const referrer = doc.createElement("meta");
  referrer.setAttribute("name", "referrer");
  referrer.setAttribute("content", "no-referrer");
  // Mail is written for a white page; the app's dark theme must not leak in.
  const base = doc.createElement("style");
  base.textContent = ":root{color-scheme:light;background:#fff;color:#111}body{margin:0;padding:16px;font-family:system-ui,sans-serif}img{max-width:100%}";
  doc.head.prepend(csp, referrer, base);
}

export function buildPreview(html: string, o: PreviewOptions): Preview {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const count = { n: 0 };
  sanitize(doc, o, count);
  prependHead(doc, o);
  return { srcdoc: `<!DOCTYPE html>\n${doc.documentElement.outerHTML}`, remote: count.n };
}
