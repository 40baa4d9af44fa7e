import * as Y from "yjs";

/** A ProseMirror-style JSON node: what a read-only preview renders. */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

type Delta = { insert: unknown; attributes?: Record<string, unknown> }[];

function textNodes(text: Y.XmlText): DocNode[] {
  const nodes: DocNode[] = [];
  for (const op of text.toDelta() as Delta) {
    if (typeof op.insert !== "string") continue;
    const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) =>
      attrs && typeof attrs === "object" && Object.keys(attrs).length > 0 ? { type, attrs: attrs as Record<string, unknown> } : { type },
    );
    nodes.push(marks.length > 0 ? { type: "text", text: op.insert, marks } : { type: "text", text: op.insert });
  }
  return nodes;
}

function children(parent: Y.XmlFragment | Y.XmlElement): DocNode[] {
  const nodes: DocNode[] = [];
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) nodes.push(...textNodes(child));
    else if (child instanceof Y.XmlElement) {
      const attrs = child.getAttributes() as Record<string, unknown>;
      const content = children(child);
      nodes.push({
        type: child.nodeName,
        ...(Object.keys(attrs).length > 0 && { attrs }),
        ...(content.length > 0 && { content }),
      });
    }
  }
  return nodes;
}

/** The editor content of a Yjs state (the `fragment` XmlFragment) as a JSON document. */
export function stateToJson(state: Uint8Array, fragment: string): DocNode {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return { type: "doc", content: children(doc.getXmlFragment(fragment)) };
  } finally {
    doc.destroy();
  }
}
