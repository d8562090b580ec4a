// Links in a message: every <a href> of the HTML with its text, then the
// URLs written out in the plain text that the HTML did not already give.

import { Parser } from "htmlparser2";
import LinkifyIt from "linkify-it";

export interface FoundLink {
  URL: string;
  Text: string;
  /** Where it was found. */
  Source: "html" | "text";
}

const linkify = new LinkifyIt();
const SCHEMES = /^(https?:|mailto:|tel:)/i;

export function htmlLinks(html: string): FoundLink[] {
  const links: FoundLink[] = [];
  let open: { url: string; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name !== "a") return;
        const href = (attrs["href"] ?? "").trim();
        open = SCHEMES.test(href) ? { url: href, text: "" } : null; // javascript:, data: and anchors are not links to follow
      },
      ontext(text) {
        if (open !== null) open.text += text;
      },
      onclosetag(name) {
        if (name !== "a" || open === null) return;
        links.push({ URL: open.url, Text: open.text.replace(/\s+/g, " ").trim(), Source: "html" });
        open = null;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return links;
}

export function textLinks(text: string): FoundLink[] {
  return (linkify.match(text) ?? []).filter((m) => SCHEMES.test(m.url)).map((m) => ({ URL: m.url, Text: m.text, Source: "text" as const }));
}

export function findLinks(text: string, html: string): FoundLink[] {
  const fromHtml = htmlLinks(html);
  const seen = new Set(fromHtml.map((l) => l.URL));
  return [...fromHtml, ...textLinks(text).filter((l) => !seen.has(l.URL))];
}
