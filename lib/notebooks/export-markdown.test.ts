import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import { editorSchema } from "@/lib/editor/schema";
import { blockDataKey, emptyExportData, exportMarkdown, formatValue, type ExportData } from "./export-markdown";

const ORIGIN = "https://lab.example.com";
const EXPORTED_AT = "2026-11-27T12:00:00.000Z";

/** A page holding `blocks`, read through the schema as the server reads stored pages (defaults filled). */
function page(blocks: JSONContent[], title = "Weekly review"): JSONContent {
  const doc = { type: "doc", content: [{ type: "title", content: [{ type: "text", text: title }] }, ...blocks] };
  return editorSchema().nodeFromJSON(doc).toJSON() as JSONContent;
}

const text = (value: string, ...marks: (string | { type: string; attrs: Record<string, unknown> })[]): JSONContent => ({
  type: "text",
  text: value,
  ...(marks.length > 0 && { marks: marks.map((m) => (typeof m === "string" ? { type: m } : m)) }),
});
const p = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const link = (href: string) => ({ type: "link", attrs: { href } });
const item = (...content: JSONContent[]): JSONContent => ({ type: "listItem", content });
const cell = (type: "tableCell" | "tableHeader", value: string, attrs: Record<string, unknown> = {}): JSONContent => ({ type, attrs, content: [p(text(value))] });

/** The Markdown of the body only (the title line and its blank line cut off). */
function body(blocks: JSONContent[], data: Partial<ExportData> = {}): string {
  const markdown = exportMarkdown(page(blocks), { ...emptyExportData(ORIGIN, EXPORTED_AT), ...data });
  return markdown.slice(markdown.indexOf("\n\n") + 2).trimEnd();
}

describe("exportMarkdown: text", () => {
  it("starts with the title as a level-1 heading", () => {
    expect(exportMarkdown(page([p(text("x"))], "Sweep *results*"), emptyExportData(ORIGIN))).toBe("# Sweep \\*results\\*\n\nx\n");
    expect(exportMarkdown(page([p()], " "), emptyExportData(ORIGIN))).toBe("# Untitled\n");
  });

  it.each<[string, JSONContent[], string]>([
    ["a paragraph", [p(text("Plain words."))], "Plain words."],
    ["two paragraphs", [p(text("One")), p(text("Two"))], "One\n\nTwo"],
    ["empty paragraphs are left out", [p(text("One")), p(), p(text("Two"))], "One\n\nTwo"],
    ["headings, one level under the title", [{ type: "heading", attrs: { level: 1 }, content: [text("Setup")] }, { type: "heading", attrs: { level: 3 }, content: [text("Detail")] }], "## Setup\n\n#### Detail"],
    ["bold, italic, strike and code", [p(text("a", "bold"), text(" "), text("b", "italic"), text(" "), text("c", "strike"), text(" "), text("d()", "code"))], "**a** *b* ~~c~~ `d()`"],
    ["marks across neighbours open once", [p(text("bold ", "bold"), text("both", "bold", "italic"), text(" end", "bold"))], "**bold *both* end**"],
    ["whitespace stays outside delimiters", [p(text("x"), text(" spaced ", "bold"), text("y"))], "x **spaced** y"],
    ["Markdown characters in text are literal", [p(text("a*b_c [d](e) <f> | $5 ~g `h` \\ &amp;"))], "a\\*b\\_c \\[d\\](e) \\<f\\> \\| \\$5 \\~g \\`h\\` \\\\ &amp;amp;"],
    ["a line that would start a list or heading", [p(text("# not a heading")), p(text("- not a list")), p(text("1. not a list"))], "\\# not a heading\n\n\\- not a list\n\n1\\. not a list"],
    ["code holding backticks", [p(text("a `b` c", "code"))], "``a `b` c``"],
    ["a hard break", [p(text("one"), { type: "hardBreak" }, text("two"))], "one\\\ntwo"],
    ["inline math", [p(text("loss "), { type: "inlineMath", attrs: { latex: "\\mathcal{L} = x^2" } })], "loss $\\mathcal{L} = x^2$"],
    ["block math", [{ type: "blockMath", attrs: { latex: "E = mc^2" } }], "$$\nE = mc^2\n$$"],
    ["a horizontal rule", [p(text("a")), { type: "horizontalRule" }, p(text("b"))], "a\n\n---\n\nb"],
  ])("%s", (_label, blocks, expected) => {
    expect(body(blocks)).toBe(expected);
  });
});

describe("exportMarkdown: links and images", () => {
  it.each<[string, JSONContent[], string]>([
    ["an https link", [p(text("docs", link("https://example.com/a b(1)")))], "[docs](https://example.com/a%20b%281%29)"],
    ["a relative link made absolute", [p(text("run", link("/acme/vision/runs/b7f2")))], "[run](https://lab.example.com/acme/vision/runs/b7f2)"],
    ["an anchor kept", [p(text("below", link("#results")))], "[below](#results)"],
    ["a mailto link", [p(text("mail", link("mailto:a@example.com")))], "[mail](mailto:a@example.com)"],
    ["a javascript: link loses its link", [p(text("click", link("javascript:alert(1)")))], "click"],
    ["an obfuscated script link loses its link", [p(text("click", link("java\tscript:alert(1)")))], "click"],
    ["a bold link", [p(text("see ", "bold"), text("this", "bold", link("https://e.com")))], "**see [this](https://e.com/)**"],
    ["an uploaded image made absolute", [{ type: "image", attrs: { src: "/api/v1/images/abc", alt: "loss [curve]", title: 'the "best"' } }], '![loss \\[curve\\]](https://lab.example.com/api/v1/images/abc "the \\"best\\"")'],
    ["a data: image is left out", [{ type: "image", attrs: { src: "data:image/png;base64,AAAA", alt: "x" } }, p(text("after"))], "after"],
  ])("%s", (_label, blocks, expected) => {
    expect(body(blocks)).toBe(expected);
  });
});

describe("exportMarkdown: lists, quotes, code, tables, callouts", () => {
  it.each<[string, JSONContent[], string]>([
    ["a bullet list", [{ type: "bulletList", content: [item(p(text("a"))), item(p(text("b")))] }], "- a\n- b"],
    [
      "a nested list",
      [{ type: "bulletList", content: [item(p(text("a")), { type: "bulletList", content: [item(p(text("a1")))] }), item(p(text("b")))] }],
      "- a\n  - a1\n- b",
    ],
    ["an ordered list from its start", [{ type: "orderedList", attrs: { start: 3 }, content: [item(p(text("c"))), item(p(text("d")))] }], "3. c\n4. d"],
    [
      "a task list",
      [{ type: "taskList", content: [{ type: "taskItem", attrs: { checked: true }, content: [p(text("done"))] }, { type: "taskItem", attrs: { checked: false }, content: [p(text("todo"))] }] }],
      "- [x] done\n- [ ] todo",
    ],
    ["a list item of two paragraphs", [{ type: "bulletList", content: [item(p(text("a")), p(text("more")))] }], "- a\n\n  more"],
    ["a blockquote", [{ type: "blockquote", content: [p(text("quoted")), p(text("twice"))] }], "> quoted\n>\n> twice"],
    ["a code block with its language", [{ type: "codeBlock", attrs: { language: "python" }, content: [text("print('*')\n```")] }], "````python\nprint('*')\n```\n````"],
    ["a code block without language", [{ type: "codeBlock", content: [text("x = 1")] }], "```\nx = 1\n```"],
    [
      "a table with header, alignment and escaped pipes",
      [
        {
          type: "table",
          content: [
            { type: "tableRow", content: [cell("tableHeader", "lr"), cell("tableHeader", "loss | acc", { align: "right" })] },
            { type: "tableRow", content: [cell("tableCell", "0.1"), cell("tableCell", "a|b")] },
          ],
        },
      ],
      "| lr | loss \\| acc |\n| --- | ---: |\n| 0.1 | a\\|b |",
    ],
    [
      "a table cell with code holding a pipe and a spanning cell",
      [
        {
          type: "table",
          content: [
            { type: "tableRow", content: [cell("tableHeader", "a"), cell("tableHeader", "b")] },
            { type: "tableRow", content: [{ type: "tableCell", attrs: { colspan: 2 }, content: [p(text("x|y", "code"))] }] },
          ],
        },
      ],
      "| a | b |\n| --- | --- |\n| `x\\|y` |  |",
    ],
    ["an info callout", [{ type: "callout", attrs: { tone: "note" }, content: [p(text("Check the seed.")), p(text("Really."))] }], "> **Note:** Check the seed.\n>\n> Really."],
    ["a warning callout", [{ type: "callout", attrs: { tone: "warning" }, content: [p(text("NaN at step 40"))] }], "> **Warning:** NaN at step 40"],
  ])("%s", (_label, blocks, expected) => {
    expect(body(blocks)).toBe(expected);
  });
});

const RUN_A = "11111111-1111-4111-8111-111111111111";
const RUN_B = "22222222-2222-4222-8222-222222222222";
const runRef = (id: string, name: string) => ({ id, name, url: `${ORIGIN}/acme/vision/runs/${id}` });

describe("exportMarkdown: decisions", () => {
  const decision = (attrs: Record<string, unknown>): JSONContent => ({ type: "decision", attrs });

  it.each<[string, Record<string, unknown>, Partial<ExportData>, string]>([
    [
      "a full decision with owner and linked runs",
      { title: "Use cosine schedule", status: "accepted", context: "Loss plateaus\nafter warmup.", decision: "Switch to cosine.", rationale: "Lower val loss *twice*.", owner: "u1", date: "2026-11-20", runs: [RUN_A, RUN_B] },
      { users: { u1: "Ada Lovelace" }, runs: { [RUN_A]: runRef(RUN_A, "cosine-1"), [RUN_B]: runRef(RUN_B, "step_lr") } },
      [
        "### Decision: Use cosine schedule (Accepted)",
        "**Status:** Accepted",
        "**Context:** Loss plateaus\\\nafter warmup.",
        "**Decision:** Switch to cosine.",
        "**Rationale:** Lower val loss \\*twice\\*.",
        "**Owner:** Ada Lovelace",
        "**Date:** 2026-11-20",
        `**Linked runs:** [cosine-1](${ORIGIN}/acme/vision/runs/${RUN_A}), [step\\_lr](${ORIGIN}/acme/vision/runs/${RUN_B})`,
      ].join("\n\n"),
    ],
    [
      "an empty proposed decision",
      {},
      {},
      ["### Decision: Untitled decision (Proposed)", "**Status:** Proposed", "**Context:** —", "**Decision:** —", "**Rationale:** —", "**Owner:** —", "**Date:** —", "**Linked runs:** none"].join("\n\n"),
    ],
    [
      "a linked run that is gone",
      { title: "T", status: "superseded", runs: [RUN_A] },
      {},
      ["### Decision: T (Superseded)", "**Status:** Superseded", "**Context:** —", "**Decision:** —", "**Rationale:** —", "**Owner:** —", "**Date:** —", `**Linked runs:** \`${RUN_A}\` (not found)`].join("\n\n"),
    ],
  ])("%s", (_label, attrs, data, expected) => {
    expect(body([decision(attrs)], data)).toBe(expected);
  });
});

describe("exportMarkdown: run tables", () => {
  const table: JSONContent = { type: "runTable", attrs: { filter: "params.lr < 0.1", columns: ["params.lr", "params.model.depth", "metrics.val/loss.min", "metrics.acc"], sort: "-created", limit: 2 } };
  const key = blockDataKey(page([table]).content?.[1] ?? table);
  const row = (id: string, name: string, params: Record<string, unknown>, loss: number | "NaN", acc: number) => ({
    ...runRef(id, name),
    status: "finished",
    params,
    metrics: { "val/loss": { last: loss, lastStep: 9, min: loss, max: loss, count: 10 }, acc: { last: acc, lastStep: 9, min: 0, max: acc, count: 10 } },
  });

  it.each<[string, JSONContent, ExportData["runTables"], string]>([
    [
      "rows of the chosen columns",
      table,
      { [key]: { rows: [row(RUN_A, "a|b", { lr: 0.01, model: { depth: 50 } }, 0.2345678, 0.9), row(RUN_B, "b", { lr: 0.05 }, "NaN", 1)], total: 5 } },
      [
        "| Run | Status | params.lr | params.model.depth | metrics.val/loss.min | metrics.acc |",
        "| --- | --- | --- | --- | --- | --- |",
        `| [a\\|b](${ORIGIN}/acme/vision/runs/${RUN_A}) | finished | 0.01 | 50 | 0.234568 | 0.9 |`,
        `| [b](${ORIGIN}/acme/vision/runs/${RUN_B}) | finished | 0.05 |  | NaN | 1 |`,
        "",
        "_Run table: 2 of 5 runs matching `params.lr < 0.1`, sorted by `-created`._",
      ].join("\n"),
    ],
    ["no runs", table, { [key]: { rows: [], total: 0 } }, "_Run table: no runs matching `params.lr < 0.1`._"],
    ["a filter that cannot be read", table, { [key]: { error: "Invalid filter at character 1: x" } }, "_Run table (runs matching `params.lr < 0.1`): Invalid filter at character 1: x_"],
    ["data not loaded", table, {}, "_Run table (runs matching `params.lr < 0.1`): its data was not loaded._"],
  ])("%s", (_label, node, runTables, expected) => {
    expect(body([node], { runTables })).toBe(expected);
  });
});

describe("exportMarkdown: metric charts", () => {
  const frozen: JSONContent = { type: "metricChart", attrs: { runs: [RUN_A, RUN_B], keys: ["val/loss"], mode: "frozen", frozenAt: "2026-11-20T10:00:00.000Z", title: "Loss" } };
  const live: JSONContent = { type: "metricChart", attrs: { filter: "tags.sweep", keys: ["loss"], smoothing: "ema", smoothingValue: 0.9, logY: true } };
  const keyOf = (node: JSONContent) => blockDataKey(page([node]).content?.[1] ?? node);
  const compareUrl = `${ORIGIN}/acme/vision/compare?runs=${RUN_A},${RUN_B}`;

  it.each<[string, JSONContent, ExportData["charts"], string]>([
    [
      "a frozen chart: link, time bound and summary per run",
      frozen,
      {
        [keyOf(frozen)]: {
          runs: [runRef(RUN_A, "a"), runRef(RUN_B, "b")],
          compareUrl,
          summaries: [{ runId: RUN_A, key: "val/loss", last: 0.5, lastStep: 20, min: 0.25, max: 2, count: 21 }],
        },
      },
      [
        `**Chart: Loss** ([open these runs in the compare view](${compareUrl}))`,
        "",
        "_Frozen at 2026-11-20T10:00:00.000Z: the summary counts only points logged up to that time. x-axis: step, no smoothing._",
        "",
        "| Metric | Run | Last value | Last step | Min | Max | Points |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        `| val/loss | [a](${ORIGIN}/acme/vision/runs/${RUN_A}) | 0.5 | 20 | 0.25 | 2 | 21 |`,
        `| val/loss | [b](${ORIGIN}/acme/vision/runs/${RUN_B}) | no data |  |  |  | 0 |`,
      ].join("\n"),
    ],
    [
      "a live chart by filter with no matching runs",
      live,
      { [keyOf(live)]: { runs: [], compareUrl: null, summaries: [] } },
      [`**Chart: loss**`, `_Live chart, summarized as of ${EXPORTED_AT}. x-axis: step, smoothing: ema (0.9), log scale._`, "_No runs match `tags.sweep`._"].join("\n\n"),
    ],
    [
      "a chart without keys",
      { type: "metricChart", attrs: {} },
      {},
      [`**Chart: metrics**`, `_Live chart, summarized as of ${EXPORTED_AT}. x-axis: step, no smoothing._`, "_No metrics chosen._"].join("\n\n"),
    ],
  ])("%s", (_label, node, charts, expected) => {
    expect(body([node], { charts })).toBe(expected);
  });

  it("files live and frozen charts of the same runs under different keys", () => {
    expect(keyOf({ ...frozen, attrs: { ...frozen.attrs, mode: "live", frozenAt: null } })).not.toBe(keyOf(frozen));
    expect(keyOf({ ...frozen, attrs: { ...frozen.attrs, title: "Other caption", smoothing: "ema" } })).toBe(keyOf(frozen));
  });
});

describe("formatValue", () => {
  it.each<[number | "NaN" | "Infinity" | null, string]>([
    [3, "3"],
    [0.1 + 0.2, "0.3"],
    [1234.56789, "1234.57"],
    [0.00001234, "1.234e-5"],
    [12345678901.5, "1.2346e+10"],
    ["NaN", "NaN"],
    ["Infinity", "Infinity"],
    [null, ""],
  ])("%s → %s", (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });
});
