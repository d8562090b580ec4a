// A captured HTML body as a tree of elements, read with the parser the
// caniemail package ships (htmlparser2: forgiving, entities decoded).

import { parseHtml } from "caniemail";

export interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export function parseDom(html: string): DomNode {
  return parseHtml(html).document as DomNode;
}

/** Every element below the node, depth first (script and style count as elements). */
export function* elements(node: DomNode): Generator<DomNode> {
  for (const child of node.children ?? []) {
    if (child.type === "tag" || child.type === "script" || child.type === "style") yield child;
    yield* elements(child);
  }
}
