import type { JSONContent } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { EditorState } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import { decisionIdsPlugin, newDecisionId } from "./decision-ids";
import { editorSchema } from "./schema";

const A = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a01";
const B = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a02";

function counter() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
}

const decision = (decisionId: string | null, title = ""): JSONContent => ({ type: "decision", attrs: { decisionId, title } });
const page = (...blocks: JSONContent[]): PmNode => editorSchema().nodeFromJSON({ type: "doc", content: [{ type: "title" }, ...blocks] });
const ids = (doc: PmNode) => {
  const out: [string | null, string][] = [];
  doc.descendants((node) => {
    if (node.type.name === "decision") out.push([node.attrs.decisionId as string | null, node.attrs.title as string]);
  });
  return out;
};
const stateOf = (doc: PmNode) => EditorState.create({ doc, plugins: [decisionIdsPlugin(counter())] });
const decisionNode = (id: string | null, title: string) => editorSchema().nodeFromJSON(decision(id, title));

describe("decisionIdsPlugin", () => {
  it("gives a pasted copy placed after the original a new id", () => {
    const state = stateOf(page(decision(A, "original"), { type: "paragraph" }));
    const next = state.apply(state.tr.insert(state.doc.content.size, decisionNode(A, "copy")));
    expect(ids(next.doc)).toEqual([
      [A, "original"],
      ["00000000-0000-4000-8000-000000000001", "copy"],
    ]);
  });

  it("keeps the id on the original when the copy lands before it", () => {
    const state = stateOf(page({ type: "paragraph" }, decision(A, "original")));
    const afterTitle = state.doc.firstChild?.nodeSize ?? 0;
    const next = state.apply(state.tr.insert(afterTitle, decisionNode(A, "copy")));
    expect(ids(next.doc)).toEqual([
      ["00000000-0000-4000-8000-000000000001", "copy"],
      [A, "original"],
    ]);
  });

  it("gives blocks without a valid id one, and leaves unique ids alone", () => {
    const state = stateOf(page(decision(B, "b"), { type: "paragraph" }));
    const tr = state.tr.insert(state.doc.content.size, decisionNode(null, "none")).insert(state.doc.content.size, decisionNode("nope", "bad"));
    const next = state.apply(tr);
    expect(ids(next.doc)).toEqual([
      [B, "b"],
      ["00000000-0000-4000-8000-000000000001", "bad"],
      ["00000000-0000-4000-8000-000000000002", "none"],
    ]);
  });

  it("does nothing for a change that keeps ids unique, or for remote changes", () => {
    const state = stateOf(page(decision(A), { type: "paragraph" }));
    const typed = state.apply(state.tr.insertText("hello", state.doc.content.size - 1));
    expect(ids(typed.doc)).toEqual([[A, ""]]);
    const remote = state.apply(state.tr.insert(state.doc.content.size, decisionNode(A, "copy")).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    expect(ids(remote.doc)).toEqual([
      [A, ""],
      [A, "copy"],
    ]);
  });
});

describe("newDecisionId", () => {
  it("makes distinct v4 UUIDs", () => {
    const made = Array.from({ length: 200 }, newDecisionId);
    expect(new Set(made).size).toBe(200);
    for (const id of made) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
