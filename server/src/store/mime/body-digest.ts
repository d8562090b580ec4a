// What the list and search need from a body, from the light MIME walk:
// the snippet, attachment counts, and every word of text a reader could see.

import type { BodyDigest } from "../types.js";
import { allParts, mimeTree, type MimePart, type MimeTree } from "./mime-tree.js";
import { partText } from "./part-text.js";

export const SNIPPET_LENGTH = 250;
/** Encoded bytes read for a snippet: enough for 250 characters after any encoding. */
const SNIPPET_READ = 16 * 1024;

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Mailpit's snippet: the text (or the HTML's text), whitespace collapsed, cut at 250 characters. */
export function snippetOf(text: string): string {
  const flat = collapseSpace(text);
  if (flat.length <= SNIPPET_LENGTH) return flat;
  return `${[...flat.slice(0, SNIPPET_LENGTH + 1)].slice(0, SNIPPET_LENGTH).join("").trimEnd()}...`;
}

/** The parts a reader sees as the message: plain text where there is any, else the HTML. */
export function bodyParts(tree: MimeTree): MimePart[] {
  const bodies = [...allParts(tree.root)].filter((p) => p.role === "body");
  const plain = bodies.filter((p) => p.contentType !== "text/html");
  return plain.length > 0 ? plain : bodies;
}

export function digestOf(raw: Buffer, tree: MimeTree = mimeTree(raw)): BodyDigest {
  let attachments = 0;
  let inline = 0;
  for (const p of allParts(tree.root)) {
    if (p.role === "attachment") attachments++;
    else if (p.role === "inline") inline++;
  }
  const first = bodyParts(tree)[0];
  return {
    snippet: first === undefined ? "" : snippetOf(partText(raw, first, SNIPPET_READ)),
    attachments,
    inline,
    problem: tree.problems.join("; "),
  };
}

/** Body text and attachment names, for free-text search. */
export function searchableBody(raw: Buffer, tree: MimeTree = mimeTree(raw)): string {
  const texts = bodyParts(tree).map((p) => partText(raw, p));
  for (const p of allParts(tree.root)) if (p.filename !== "") texts.push(p.filename);
  return texts.join("\n");
}
