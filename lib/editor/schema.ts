import { getSchema, type JSONContent } from "@tiptap/core";
import type { Node as PmNode, Schema } from "@tiptap/pm/model";
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { editorExtensions } from "./extensions";
import { EDITOR_FRAGMENT } from "./schema-version";

let cached: Schema | undefined;

/** The ProseMirror schema of notebook pages, built once from {@link editorExtensions}. */
export function editorSchema(): Schema {
  cached ??= getSchema(editorExtensions());
  return cached;
}

/** The page of a notebook's Yjs document, read through the schema (content it cannot represent is dropped). */
export function documentFromYDoc(doc: Y.Doc): PmNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(EDITOR_FRAGMENT), editorSchema());
}

/** The page held by an encoded Yjs state, as ProseMirror JSON. */
export function documentJsonFromState(state: Uint8Array): JSONContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return documentFromYDoc(doc).toJSON() as JSONContent;
  } finally {
    doc.destroy();
  }
}

/** A Yjs state holding `json` in the editor fragment; throws if `json` does not fit the schema. */
export function stateFromDocumentJson(json: JSONContent): Uint8Array {
  editorSchema().nodeFromJSON(json).check();
  const doc = prosemirrorJSONToYDoc(editorSchema(), json, EDITOR_FRAGMENT);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** A new page: the title and one empty paragraph. Seed it on the server, never in the browser. */
export function newDocumentJson(title: string): JSONContent {
  const text = title.trim();
  return { type: "doc", content: [{ type: "title", ...(text && { content: [{ type: "text", text }] }) }, { type: "paragraph" }] };
}

/** The initial Yjs state of a notebook titled `title` (see {@link newDocumentJson}). */
export function initialNotebookState(title: string): Uint8Array {
  return stateFromDocumentJson(newDocumentJson(title));
}

/** The text of a page's title node ("" when it has none). */
export function documentTitle(doc: PmNode): string {
  const first = doc.firstChild;
  return first?.type.name === "title" ? first.textContent.trim() : "";
}

/**
 * Sets the title inside a notebook's Yjs document, as a rename from outside the editor must
 * (the record's title follows the page's). One transaction; editors on the page see it live.
 */
export function setDocumentTitle(doc: Y.Doc, title: string): void {
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  doc.transact(() => {
    const first = fragment.get(0);
    let node: Y.XmlElement;
    if (first instanceof Y.XmlElement && first.nodeName === "title") node = first;
    else {
      node = new Y.XmlElement("title");
      // The body needs at least one block.
      fragment.insert(0, fragment.length === 0 ? [node, new Y.XmlElement("paragraph")] : [node]);
    }
    node.delete(0, node.length);
    const text = title.trim();
    if (text) node.insert(0, [new Y.XmlText(text)]);
  });
}
