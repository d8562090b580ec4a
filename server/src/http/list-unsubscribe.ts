// List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058) read the
// way Mailpit reports them: the links found, and what is wrong with the header.

import type { ListUnsubscribe } from "@mailscope/shared";

const LINK = /<([^>]*)>/g;

function problemsOf(link: string, seen: { mailto: boolean; http: boolean }): string | null {
  if (/\s/.test(link)) return `"${link}" should not contain spaces`;
  const kind = /^mailto:[a-z0-9]/i.test(link) ? "mailto" : /^https?:\/\/[a-z0-9]/i.test(link) ? "http" : null;
  if (kind === null) return `"${link}" should start with either http(s):// or mailto:`;
  if (seen[kind]) return `"${link}" should only contain one ${kind === "mailto" ? "mailto:" : "HTTP link"}`;
  seen[kind] = true;
  return URL.canParse(link) ? null : `"${link}" is not a valid URL`;
}

/** The links and errors of a header value; comments in parentheses are ignored. */
export function parseListUnsubscribe(header: string, post: string): ListUnsubscribe {
  const result: ListUnsubscribe = { Header: header, HeaderPost: post, Links: [], Errors: "" };
  if (header === "") return result;
  const value = header.replace(/\([^)]*\)/g, "").trim();
  const links = [...value.matchAll(LINK)].map((m) => m[1] ?? "");
  if (links.length === 0) return { ...result, Errors: `"${value}" no valid unsubscribe links found` };
  if (!/^<.*>$/s.test(value)) return { ...result, Errors: `"${value}" should be enclosed in <>` };
  if (value.replace(LINK, "").split(",").some((gap) => gap.trim() !== "") || value.replace(LINK, "").split(",").length !== links.length) {
    return { ...result, Errors: `"${value}" <> should be split with a comma and optional spaces` };
  }
  if (links.length > 2) return { ...result, Errors: `"${value}" should include a maximum of one email and one HTTP link` };
  const seen = { mailto: false, http: false };
  const errors: string[] = [];
  for (const link of links) {
    const problem = problemsOf(link, seen);
    if (problem === null) result.Links.push(link);
    else errors.push(problem);
  }
  if (post !== "" && !result.Links.some((l) => /^https:/i.test(l))) errors.push("List-Unsubscribe-Post needs an https:// link in List-Unsubscribe");
  return { ...result, Errors: errors.join(", ") };
}
