// Mailpit's link check: every http(s) link in the HTML (a href, img src,
// stylesheet links) and in the text, asked for its status with HEAD. Runs
// only when a user asks for it; a few at a time, each with a time limit;
// redirects are reported as they are unless `follow` is set.

import { STATUS_CODES } from "node:http";
import type { LinkCheckLink, LinkCheckResponse } from "@mailscope/shared";
import { elements, parseDom } from "./dom.js";

export interface LinkCheckOptions {
  follow: boolean;
  timeoutMs: number;
  /** Requests in flight at once. */
  concurrency?: number;
  userAgent: string;
}

/** More links than any real message has; a hostile one cannot make us send thousands of requests. */
export const MAX_LINKS = 200;

const TEXT_LINK = /\bhttps?:\/\/[-\w@:%+'!.~#?,&/=;]+/gi;
const ANGLE_LINK = /<(https?:\/\/[^>]+)>/gi;

/** a href, img src and stylesheet link href, as Mailpit reads them. */
function htmlLinks(html: string): string[] {
  if (html === "") return [];
  const links: string[] = [];
  for (const el of elements(parseDom(html))) {
    const a = el.attribs ?? {};
    if (el.name === "a" && a["href"] !== undefined) links.push(a["href"].trim());
    else if (el.name === "img" && a["src"] !== undefined) links.push(a["src"].trim());
    else if (el.name === "link" && a["href"] !== undefined && /\bstylesheet\b/i.test(a["rel"] ?? "")) links.push(a["href"].trim());
  }
  return links;
}

function textLinks(text: string): string[] {
  const angle = [...text.matchAll(ANGLE_LINK)].map((m) => (m[1] ?? "").replace(/\s+/g, ""));
  return [...angle, ...[...text.matchAll(TEXT_LINK)].map((m) => m[0])];
}

/** Unique http(s) links, HTML first, in order of appearance. */
export function extractLinks(text: string, html: string): string[] {
  const all = [...htmlLinks(html), ...textLinks(text)].filter((l) => /^https?:\/\/[a-z0-9[]/i.test(l) && URL.canParse(l));
  return [...new Set(all)].slice(0, MAX_LINKS);
}

/** Mailpit shows the end of a network error, like "connection refused". */
function describeError(err: unknown): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return "timeout";
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "no such host";
  if (code === "ECONNRESET") return "connection reset";
  return cause instanceof Error ? cause.message : String(cause);
}

async function status(url: string, o: LinkCheckOptions): Promise<LinkCheckLink> {
  const request = async (method: "HEAD" | "GET"): Promise<number> => {
    const res = await fetch(url, { method, redirect: o.follow ? "follow" : "manual", signal: AbortSignal.timeout(o.timeoutMs), headers: { "user-agent": o.userAgent } });
    await res.body?.cancel(); // only the status matters
    return res.status;
  };
  try {
    let code = await request("HEAD");
    // Some servers refuse HEAD: a GET tells whether the link works, which is the question.
    if (code === 405 || code === 501) code = await request("GET");
    return { URL: url, StatusCode: code, Status: STATUS_CODES[code] ?? String(code) };
  } catch (err) {
    return { URL: url, StatusCode: 0, Status: describeError(err) };
  }
}

export async function linkCheck(text: string, html: string, o: LinkCheckOptions): Promise<LinkCheckResponse> {
  const links = extractLinks(text, html);
  const out: LinkCheckLink[] = new Array<LinkCheckLink>(links.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < links.length; i = next++) out[i] = await status(links[i] ?? "", o);
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 5, links.length) }, worker));
  return { Errors: out.filter((l) => l.StatusCode === 0 || l.StatusCode >= 400).length, Links: out };
}
