import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { editorSchema } from "@/lib/editor/schema";
import { DECISION_TEXT_MAX, DECISION_TITLE_MAX, extractDecisions, normalizeDay, type ExtractedDecision } from "./extract-decisions";

const A = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a01";
const B = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a02";
const RUN1 = "7d1f4a59-8f25-4a0e-9d3b-1b2c3d4e5f60";
const RUN2 = "7d1f4a59-8f25-4a0e-9d3b-1b2c3d4e5f61";

const decision = (attrs: Record<string, unknown>): JSONContent => ({ type: "decision", attrs });
const page = (...blocks: JSONContent[]): JSONContent => ({ type: "doc", content: [{ type: "title" }, ...blocks] });
const base = (id: string, position = 0): ExtractedDecision => ({
  decisionId: id,
  position,
  title: "",
  status: "proposed",
  context: "",
  decision: "",
  rationale: "",
  ownerId: null,
  decidedOn: null,
  runIds: [],
});

describe("extractDecisions", () => {
  it.each<[string, JSONContent, ExtractedDecision[]]>([
    ["a page without decisions", page({ type: "paragraph", content: [{ type: "text", text: "hi" }] }), []],
    [
      "every attribute",
      page(
        decision({
          decisionId: A,
          title: "  Use AdamW ",
          status: "accepted",
          context: "loss plateaus",
          decision: "switch",
          rationale: "better val",
          owner: "user-1",
          date: "2024-05-01",
          runs: [RUN1, RUN2],
        }),
      ),
      [{ ...base(A), title: "Use AdamW", status: "accepted", context: "loss plateaus", decision: "switch", rationale: "better val", ownerId: "user-1", decidedOn: "2024-05-01", runIds: [RUN1, RUN2] }],
    ],
    ["missing decisionId is skipped", page(decision({ title: "x" }), decision({ decisionId: A })), [base(A)]],
    ["non-UUID decisionId is skipped", page(decision({ decisionId: "not-a-uuid" }), decision({ decisionId: 42 })), []],
    ["duplicate ids keep the first", page(decision({ decisionId: A, title: "first" }), decision({ decisionId: A, title: "copy" }), decision({ decisionId: B })), [{ ...base(A), title: "first" }, base(B, 1)]],
    ["ids compare case-insensitively and are stored lower-case", page(decision({ decisionId: A.toUpperCase() }), decision({ decisionId: A })), [base(A)]],
    ["unknown status reads as proposed", page(decision({ decisionId: A, status: "maybe" })), [base(A)]],
    ["every known status is kept", page(decision({ decisionId: A, status: "superseded" }), decision({ decisionId: B, status: "rejected" })), [{ ...base(A), status: "superseded" }, { ...base(B, 1), status: "rejected" }]],
    ["impossible date is null", page(decision({ decisionId: A, date: "2024-02-30" })), [base(A)]],
    ["malformed date is null", page(decision({ decisionId: A, date: "May 1st" })), [base(A)]],
    ["run ids: non-UUIDs dropped, duplicates folded, order kept", page(decision({ decisionId: A, runs: [RUN2, "x", 3, null, RUN1, RUN2.toUpperCase()] })), [{ ...base(A), runIds: [RUN2, RUN1] }]],
    ["runs not an array", page(decision({ decisionId: A, runs: "abc" })), [base(A)]],
    ["blank owner is null", page(decision({ decisionId: A, owner: "   " })), [base(A)]],
    ["non-string fields read as empty", page(decision({ decisionId: A, title: 5, context: { a: 1 }, owner: 7 })), [base(A)]],
    [
      "long strings are capped",
      page(decision({ decisionId: A, title: "t".repeat(DECISION_TITLE_MAX + 50), rationale: "r".repeat(DECISION_TEXT_MAX + 1) })),
      [{ ...base(A), title: "t".repeat(DECISION_TITLE_MAX), rationale: "r".repeat(DECISION_TEXT_MAX) }],
    ],
    [
      "decisions nested in other blocks, in document order",
      page(decision({ decisionId: B }), { type: "callout", content: [{ type: "paragraph" }] }, { type: "blockquote", content: [decision({ decisionId: A })] }),
      [base(B), base(A, 1)],
    ],
  ])("%s", (_name, json, expected) => {
    expect(extractDecisions(json)).toEqual(expected);
  });

  it("reads a ProseMirror node the same as its JSON", () => {
    const json = page(
      { type: "paragraph", content: [{ type: "text", text: "intro" }] },
      decision({ decisionId: A, title: "t", status: "rejected", runs: [RUN1], date: "2023-12-31" }),
      decision({ decisionId: B, owner: "u" }),
    );
    const node = editorSchema().nodeFromJSON(json);
    expect(extractDecisions(node)).toEqual(extractDecisions(json));
    expect(extractDecisions(node).map((d) => d.decisionId)).toEqual([A, B]);
  });
});

describe("normalizeDay", () => {
  it.each<[unknown, string | null]>([
    ["2024-02-29", "2024-02-29"],
    ["2023-02-29", null],
    ["2024-13-01", null],
    [" 2024-01-01 ", "2024-01-01"],
    ["2024-1-1", null],
    [null, null],
    [20240101, null],
  ])("%j → %j", (input, expected) => {
    expect(normalizeDay(input)).toBe(expected);
  });
});
