// A captured HTML body as a tree of elements, read with htmlparser2
// (forgiving, entities decoded; the same parser the caniemail package uses).

import { parseDocument } from "htmlparser2";

export interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export function parseDom(html: string): DomNode {
  return parseDocument(html) as unknown as DomNode;
}

/** Every element below the node, depth first (script and style count as elements). */
export function* elements(node: DomNode): Generator<DomNode> {
  for (const child of node.children ?? []) {
    if (child.type === "tag" || child.type === "script" || child.type === "style") yield child;
    yield* elements(child);
  }
}
