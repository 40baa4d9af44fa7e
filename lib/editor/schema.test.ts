import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { documentFromYDoc, documentJsonFromState, documentTitle, editorSchema, initialNotebookState, setDocumentTitle, stateFromDocumentJson } from "./schema";
import { EDITOR_FRAGMENT } from "./schema-version";

const text = (value: string, marks?: JSONContent["marks"]): JSONContent => ({ type: "text", text: value, ...(marks && { marks }) });
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", ...(content.length > 0 && { content }) });

/** One of every node and mark the editor offers, with non-default attributes. */
const everything: JSONContent = {
  type: "doc",
  content: [
    { type: "title", content: [text("Weekly review: LR warm-up")] },
    { type: "heading", attrs: { level: 2 }, content: [text("Results")] },
    paragraph(
      text("bold", [{ type: "bold" }]),
      text(" italic", [{ type: "italic" }]),
      text(" code", [{ type: "code" }]),
      text(" strike", [{ type: "strike" }]),
      text(" underline", [{ type: "underline" }]),
      text(" run b7f2", [{ type: "link", attrs: { href: "/acme/vision/runs/b7f2", target: "_blank", rel: "noopener noreferrer nofollow", class: null, title: null } }]),
      { type: "hardBreak" },
      text("loss "),
      { type: "inlineMath", attrs: { latex: "\\mathcal{L} = -\\sum y \\log p" } },
    ),
    { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("one")), { type: "bulletList", content: [{ type: "listItem", content: [paragraph(text("nested"))] }] }] }] },
    { type: "orderedList", attrs: { start: 3, type: null }, content: [{ type: "listItem", content: [paragraph(text("three"))] }] },
    {
      type: "taskList",
      content: [
        { type: "taskItem", attrs: { checked: true }, content: [paragraph(text("rerun with seed 2"))] },
        { type: "taskItem", attrs: { checked: false }, content: [paragraph(text("write up"))] },
      ],
    },
    { type: "blockquote", content: [paragraph(text("Same latency, −3% val loss."))] },
    { type: "codeBlock", attrs: { language: "python" }, content: [text("run.log({'loss': loss}, step=step)\n")] },
    { type: "blockMath", attrs: { latex: "\\eta_t = \\eta_0 \\min(1, t/T)" } },
    { type: "horizontalRule" },
    {
      type: "table",
      content: [
        {
          type: "tableRow",
          content: [
            { type: "tableHeader", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(text("run"))] },
            { type: "tableHeader", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(text("val/loss"))] },
          ],
        },
        {
          type: "tableRow",
          content: [
            { type: "tableCell", attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [paragraph(text("b7f2"))] },
            { type: "tableCell", attrs: { colspan: 1, rowspan: 1, colwidth: [120] }, content: [paragraph(text("0.412"))] },
          ],
        },
      ],
    },
    { type: "image", attrs: { src: "/api/v1/images/0b7c6e1e-4a42-4f49-9a3c-2f6f1b0b6a11", alt: "confusion matrix", title: null, width: null, height: null } },
    paragraph(),
  ],
};

/** The JSON ProseMirror gives for `json` (every attribute filled in with its default). */
const normalized = (json: JSONContent) => editorSchema().nodeFromJSON(json).toJSON() as JSONContent;

describe("editor schema", () => {
  it("accepts every node and mark", () => {
    expect(() => editorSchema().nodeFromJSON(everything).check()).not.toThrow();
  });

  it("round-trips a page through a Yjs document unchanged", () => {
    const state = stateFromDocumentJson(everything);
    expect(documentJsonFromState(state)).toEqual(normalized(everything));
  });

  it("keeps the content in the `default` fragment", () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stateFromDocumentJson(everything));
    expect(doc.getXmlFragment(EDITOR_FRAGMENT).length).toBe(everything.content?.length);
    expect(documentTitle(documentFromYDoc(doc))).toBe("Weekly review: LR warm-up");
    doc.destroy();
  });

  it("merges concurrent edits made by two replicas", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    Y.applyUpdate(a, initialNotebookState("Draft"));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const para = (doc: Y.Doc) => doc.getXmlFragment(EDITOR_FRAGMENT).get(1) as Y.XmlElement;
    const insert = (doc: Y.Doc, value: string) => {
      const node = para(doc);
      const first = node.get(0);
      if (first instanceof Y.XmlText) first.insert(first.length, value);
      else node.insert(0, [new Y.XmlText(value)]);
    };
    insert(a, "from A.");
    insert(b, "from B.");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(documentFromYDoc(a).toJSON()).toEqual(documentFromYDoc(b).toJSON());
    expect(documentFromYDoc(a).child(1).textContent).toMatch(/from A\.|from B\./);
    a.destroy();
    b.destroy();
  });

  it("starts a new notebook with its title and an empty paragraph", () => {
    const json = documentJsonFromState(initialNotebookState("  Ablation: dropout "));
    expect(json).toEqual(normalized({ type: "doc", content: [{ type: "title", content: [text("Ablation: dropout")] }, paragraph()] }));
  });

  it("refuses a page that does not fit the schema", () => {
    expect(() => stateFromDocumentJson({ type: "doc", content: [paragraph(text("no title"))] })).toThrow();
    expect(() => stateFromDocumentJson({ type: "doc", content: [{ type: "title" }, { type: "mystery" }] })).toThrow();
  });

  it.each<[string, Uint8Array | null]>([
    ["a page with a title", initialNotebookState("Old")],
    ["an empty document", null],
  ])("sets the title of %s", (_label, state) => {
    const doc = new Y.Doc();
    if (state) Y.applyUpdate(doc, state);
    setDocumentTitle(doc, " New title ");
    const page = documentFromYDoc(doc);
    expect(() => page.check()).not.toThrow();
    expect(documentTitle(page)).toBe("New title");
    expect(page.childCount).toBe(2);
    doc.destroy();
  });
});
