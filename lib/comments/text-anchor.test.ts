import type { JSONContent } from "@tiptap/core";
import { initProseMirrorDoc } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { editorSchema, stateFromDocumentJson } from "@/lib/editor/schema";
import { EDITOR_FRAGMENT } from "@/lib/editor/schema-version";
import { anchorOfRange, isAnchorPresent, rangeOfAnchor, type ProseMirrorMapping } from "./text-anchor";

const paragraph = (text: string): JSONContent => ({ type: "paragraph", content: [{ type: "text", text }] });

/** A client's copy of a page: its Yjs document and the ProseMirror view of it y-tiptap would build. */
function client(clientID: number, from?: Y.Doc) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  const view = () => {
    const { doc: pm, mapping } = initProseMirrorDoc(fragment, editorSchema());
    return { doc: pm, mapping: mapping as ProseMirrorMapping };
  };
  /** The i-th block's text type, for edits made the way the sync plugin makes them. */
  const text = (block: number) => (fragment.get(block) as Y.XmlElement).get(0) as Y.XmlText;
  return { doc, fragment, view, text };
}

function page(...texts: string[]) {
  const seed = new Y.Doc();
  Y.applyUpdate(seed, stateFromDocumentJson({ type: "doc", content: [{ type: "title", content: [{ type: "text", text: "Review" }] }, ...texts.map(paragraph)] }));
  return seed;
}

/** The ProseMirror range of `words` in the page, and the anchor a selection of it gives. */
function select(c: ReturnType<typeof client>, words: string) {
  const { doc, mapping } = c.view();
  let found: { from: number; to: number } | null = null;
  doc.descendants((node, pos) => {
    const at = node.isText ? (node.text ?? "").indexOf(words) : -1;
    if (found === null && at >= 0) found = { from: pos + at, to: pos + at + words.length };
  });
  if (!found) throw new Error(`no "${words}"`);
  const { from, to } = found;
  return anchorOfRange(c.doc, c.fragment, mapping, from, to);
}

/** The text an anchor covers on this client's page now, or null when it is gone. */
function covered(c: ReturnType<typeof client>, anchor: ReturnType<typeof select>): string | null {
  const { doc, mapping } = c.view();
  const range = rangeOfAnchor(c.doc, c.fragment, mapping, anchor);
  return range && doc.textBetween(range.from, range.to, "\n");
}

function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("text anchors through y-tiptap's mapping", () => {
  it("anchors a selection and finds the same words again", () => {
    const ada = client(1, page("The loss spikes at step 1200."));
    const anchor = select(ada, "step 1200");
    expect(covered(ada, anchor)).toBe("step 1200");
    expect(isAnchorPresent(ada.doc, anchor)).toBe(true);
  });

  it("follows concurrent edits before, at both edges of, and after the range", () => {
    const seed = page("The loss spikes at step 1200.");
    const ada = client(1, seed);
    const bo = client(2, seed);
    const anchor = select(ada, "spikes");
    // Concurrently: Bo types a new first paragraph and before the range; Ada types at both edges and after.
    bo.fragment.insert(1, [new Y.XmlElement("paragraph")]);
    (bo.fragment.get(1) as Y.XmlElement).insert(0, [new Y.XmlText("Summary first.")]);
    bo.text(2).insert(0, "Update: ");
    ada.text(1).insert("The loss spikes".length, "!");
    ada.text(1).insert("The loss ".length, "big ");
    ada.text(1).insert(ada.text(1).length - 1, " (bf16)");
    exchange(ada.doc, bo.doc);
    expect(ada.text(2).toString()).toBe("Update: The loss big spikes! at step 1200 (bf16).");
    for (const c of [ada, bo]) expect(covered(c, anchor)).toBe("spikes");
  });

  it("covers a range across paragraphs", () => {
    const ada = client(1, page("First ends here.", "Second starts here."));
    const { doc, mapping } = ada.view();
    // The first paragraph's content ends one before its closing token; the second's starts one after its opening.
    const boundary = doc.child(0).nodeSize + doc.child(1).nodeSize;
    const start = boundary - 1 - "here.".length;
    const end = boundary + 1 + "Second".length;
    const anchor = anchorOfRange(ada.doc, ada.fragment, mapping, start, end);
    expect(covered(ada, anchor)).toBe("here.\nSecond");
  });

  it("loses the range when its text is deleted, and finds it again when an undo restores it", () => {
    const ada = client(1, page("We chose AdamW over SGD."));
    const undo = new Y.UndoManager(ada.fragment, { captureTimeout: 0 });
    const anchor = select(ada, "AdamW");
    ada.text(1).delete("We chose ".length, "AdamW".length);
    expect(covered(ada, anchor)).toBeNull();
    expect(isAnchorPresent(ada.doc, anchor)).toBe(false);
    undo.undo();
    expect(covered(ada, anchor)).toBe("AdamW");
  });
});
