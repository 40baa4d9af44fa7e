import type { JSONContent } from "@tiptap/core";
import {
  DECISION_DEFAULTS,
  METRIC_CHART_DEFAULTS,
  RUN_TABLE_DEFAULTS,
  type DecisionAttrs,
  type MetricChartAttrs,
  type RunTableAttrs,
} from "@/lib/editor/blocks";
import { sanitizeHref, sanitizeImageSrc } from "@/lib/editor/safe-url";

/**
 * A notebook page as Markdown (GFM with `$…$` math): pure, so every case is a table row in
 * export-markdown.test.ts. Data blocks read what `loadExportData` fetched for them, keyed by
 * {@link blockDataKey}; a block with no data says so instead of failing the export.
 */

/** A metric value as the API encodes it: JSON has no NaN or infinities. */
export type ExportValue = number | "NaN" | "Infinity" | "-Infinity";

/** A run a block links to. */
export interface ExportRunRef {
  id: string;
  name: string;
  /** Absolute URL of the run's page. */
  url: string;
}

/** A metric of a run, summarized. */
export interface ExportMetricSummary {
  last: ExportValue | null;
  lastStep: number | null;
  min: ExportValue | null;
  max: ExportValue | null;
  count: number;
}

/** One row of a run table. */
export interface ExportRunRow extends ExportRunRef {
  status: string;
  params: Record<string, unknown>;
  metrics: Record<string, ExportMetricSummary>;
}

/** What a run table shows; `error` when its filter or sort cannot be read. */
export type ExportRunTable = { rows: ExportRunRow[]; total: number } | { error: string };

/** What a chart shows: its runs, a link to compare them, and a summary per key and run. */
export type ExportChart =
  | { runs: ExportRunRef[]; compareUrl: string | null; summaries: (ExportMetricSummary & { runId: string; key: string })[] }
  | { error: string };

/** Everything the data blocks of one page need, fetched before rendering. */
export interface ExportData {
  /** Origin that relative links and images are resolved against (`https://lab.example.com`). */
  origin: string;
  /** When the export was made (ISO); live charts are summarized as of then. */
  exportedAt: string;
  /** Runs linked from decisions, by id (missing or unreadable ones are absent). */
  runs: Record<string, ExportRunRef>;
  /** Display names of decision owners, by user id. */
  users: Record<string, string>;
  runTables: Record<string, ExportRunTable>;
  charts: Record<string, ExportChart>;
}

/** Data for a page with no data blocks (or whose data was not loaded). */
export const emptyExportData = (origin: string, exportedAt = new Date().toISOString()): ExportData => ({
  origin,
  exportedAt,
  runs: {},
  users: {},
  runTables: {},
  charts: {},
});

/** A `runTable` block's attributes with defaults filled in. */
export function runTableAttrs(node: JSONContent): RunTableAttrs {
  return { ...RUN_TABLE_DEFAULTS, ...(node.attrs as Partial<RunTableAttrs> | undefined) };
}

/** A `metricChart` block's attributes with defaults filled in. */
export function metricChartAttrs(node: JSONContent): MetricChartAttrs {
  return { ...METRIC_CHART_DEFAULTS, ...(node.attrs as Partial<MetricChartAttrs> | undefined) };
}

/** A `decision` block's attributes with defaults filled in. */
export function decisionAttrs(node: JSONContent): DecisionAttrs {
  return { ...DECISION_DEFAULTS, ...(node.attrs as Partial<DecisionAttrs> | undefined) };
}

/** The time a chart is frozen at, or null when it is live (or its time is unreadable). */
export function chartFrozenAt(attrs: MetricChartAttrs): Date | null {
  if (attrs.mode !== "frozen" || !attrs.frozenAt) return null;
  const at = new Date(attrs.frozenAt);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The key a data block's loaded data is filed under: the attributes that decide its data, so
 * two blocks showing the same thing share one load.
 */
export function blockDataKey(node: JSONContent): string {
  if (node.type === "runTable") {
    const a = runTableAttrs(node);
    return JSON.stringify(["runTable", a.filter.trim(), a.filter.trim() ? [] : a.runs, a.columns, a.sort, a.limit]);
  }
  const a = metricChartAttrs(node);
  return JSON.stringify(["metricChart", a.filter.trim(), a.filter.trim() ? [] : a.runs, a.keys, chartFrozenAt(a)?.toISOString() ?? null]);
}

/** Calls `visit` for every node of a document, depth first. */
export function walkDocument(node: JSONContent, visit: (node: JSONContent) => void): void {
  visit(node);
  for (const child of node.content ?? []) walkDocument(child, visit);
}

// ── Text ─────────────────────────────────────────────────────────────────────────────

const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>~|$]/g;

/** Plain text made literal in Markdown: emphasis, links, HTML, tables and math cannot start. */
export function escapeText(text: string): string {
  return text.replace(MARKDOWN_PUNCTUATION, "\\$&").replace(/&(?=#?\w+;)/g, "&amp;");
}

/** Escapes what would turn the start of a line into a heading, list or rule. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([#+=-])/, "$1\\$2").replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** A URL as a Markdown link destination: spaces and parentheses encoded. */
function destination(url: string): string {
  return url.replace(/ /g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");
}

/** A safe href made absolute against `origin` (anchors and mail/tel links kept); null when unsafe. */
export function absoluteHref(raw: unknown, origin: string): string | null {
  const href = sanitizeHref(raw);
  if (href === null) return null;
  if (href.startsWith("#") || /^(mailto|tel):/i.test(href)) return href;
  try {
    return new URL(href, `${origin}/`).toString();
  } catch {
    return null;
  }
}

/** A link in Markdown. */
export const markdownLink = (text: string, url: string) => `[${escapeText(text)}](${destination(url)})`;

/** A code span that holds `code` whatever backticks it contains. */
function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = code.startsWith("`") || code.endsWith("`") || (code.startsWith(" ") && code.endsWith(" ") && code.trim() !== "") ? " " : "";
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** A number as people read it: integers whole, others to six significant digits. */
export function formatValue(value: ExportValue | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return value.toExponential(4).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(6)));
}

// ── Inline content ───────────────────────────────────────────────────────────────────

type Mark = NonNullable<JSONContent["marks"]>[number];

/** Marks in the order they nest, outermost first; code is handled on its own. */
const MARK_ORDER = ["link", "bold", "italic", "strike"] as const;
const DELIMITERS: Record<string, readonly [string, string]> = { bold: ["**", "**"], italic: ["*", "*"], strike: ["~~", "~~"] };

interface InlineContext {
  origin: string;
  /** Inside a table cell: hard breaks become `<br>`. */
  inCell: boolean;
}

const sameMark = (a: Mark, b: Mark) => a.type === b.type && (a.type !== "link" || a.attrs?.href === b.attrs?.href);

/** A node's marks: those already open first (in their order, so they stay open), then the rest outermost first. */
function orderedMarks(node: JSONContent, ctx: InlineContext, active: readonly Mark[]): Mark[] {
  const marks = supportedMarks(node, ctx);
  const open = active.filter((a) => marks.some((m) => sameMark(a, m)));
  return [...open, ...marks.filter((m) => !open.some((a) => sameMark(a, m)))];
}

function supportedMarks(node: JSONContent, ctx: InlineContext): Mark[] {
  const marks: Mark[] = [];
  for (const type of MARK_ORDER) {
    const mark = node.marks?.find((m) => m.type === type);
    if (!mark) continue;
    if (type === "link") {
      const href = absoluteHref(mark.attrs?.href, ctx.origin);
      // An unsafe link keeps its text and loses the link.
      if (href !== null) marks.push({ type: "link", attrs: { href } });
    } else marks.push(mark);
  }
  return marks;
}

/** Renders inline nodes with marks opened and closed across neighbours, whitespace kept outside delimiters. */
export function renderInline(nodes: readonly JSONContent[] | undefined, ctx: InlineContext): string {
  const out: string[] = [];
  const active: Mark[] = [];

  const close = (count: number) => {
    if (count <= 0) return;
    const text = out.join("");
    const trailing = /\s*$/.exec(text)?.[0] ?? "";
    out.length = 0;
    out.push(text.slice(0, text.length - trailing.length));
    for (let i = 0; i < count; i++) {
      const mark = active.pop();
      if (!mark) break;
      out.push(mark.type === "link" ? `](${destination(String(mark.attrs?.href))})` : (DELIMITERS[mark.type]?.[1] ?? ""));
    }
    out.push(trailing);
  };

  for (const node of nodes ?? []) {
    const isText = node.type === "text";
    const text = node.text ?? "";
    const isCode = isText && (node.marks ?? []).some((m) => m.type === "code");
    let marks =
      node.type === "hardBreak" ? [...active] : isCode ? orderedMarks({ marks: (node.marks ?? []).filter((m) => m.type === "link") }, ctx, active) : isText ? orderedMarks(node, ctx, active) : [];
    let keep = 0;
    while (keep < active.length && keep < marks.length && sameMark(active[keep] as Mark, marks[keep] as Mark)) keep++;
    // Whitespace alone opens nothing: `** **` is not emphasis.
    if (isText && text.trim() === "") marks = marks.slice(0, keep);
    close(active.length - keep);

    const lead = isText && !isCode ? (/^\s*/.exec(text)?.[0] ?? "") : "";
    out.push(lead);
    for (const mark of marks.slice(keep)) {
      out.push(mark.type === "link" ? "[" : (DELIMITERS[mark.type]?.[0] ?? ""));
      active.push(mark);
    }

    if (isCode) out.push(codeSpan(text));
    else if (isText) out.push(escapeText(text.slice(lead.length)).replace(/\n/g, " "));
    else if (node.type === "hardBreak") out.push(ctx.inCell ? "<br>" : "\\\n");
    else if (node.type === "inlineMath") out.push(`$${String(node.attrs?.latex ?? "")}$`);
    else if (node.content) out.push(renderInline(node.content, ctx));
  }
  close(active.length);
  return out.join("");
}

/** The plain text of a node and its descendants. */
export function textOf(node: JSONContent): string {
  if (node.type === "text") return node.text ?? "";
  if (node.type === "inlineMath") return `$${String(node.attrs?.latex ?? "")}$`;
  return (node.content ?? []).map(textOf).join("");
}

// ── Blocks ───────────────────────────────────────────────────────────────────────────

/** Prefixes the first line with `marker` and the others with as many spaces. */
function listItemText(body: string, marker: string): string {
  const [first = "", ...rest] = body.split("\n");
  const pad = " ".repeat(marker.length);
  return [marker + first, ...rest.map((line) => (line === "" ? "" : pad + line))].join("\n");
}

const quote = (text: string) =>
  text
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");

/** Table cells: `|` and line breaks would end the cell or the row. */
const cellText = (text: string) => text.replace(/\n+/g, "<br>").replace(/(?<!\\)\|/g, "\\|");

/** A GFM pipe table; the first row is the header. */
export function pipeTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly (string | null)[] = []): string {
  const width = Math.max(header.length, ...rows.map((r) => r.length), 1);
  const pad = (cells: readonly string[]) => Array.from({ length: width }, (_, i) => cellText(cells[i] ?? "").trim());
  const line = (cells: readonly string[]) => `| ${pad(cells).join(" | ")} |`;
  const rule = Array.from({ length: width }, (_, i) => {
    const a = align[i];
    return a === "center" ? ":---:" : a === "right" ? "---:" : a === "left" ? ":---" : "---";
  });
  return [line(header), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

const TONE_LABELS: Record<string, string> = { info: "Info", note: "Note", success: "Success", warning: "Warning", danger: "Danger" };
const STATUS_LABELS: Record<string, string> = { proposed: "Proposed", accepted: "Accepted", rejected: "Rejected", superseded: "Superseded" };

interface BlockContext extends InlineContext {
  data: ExportData;
}

function renderBlocks(nodes: readonly JSONContent[] | undefined, ctx: BlockContext): string {
  return (nodes ?? [])
    .map((node) => renderBlock(node, ctx))
    .filter((text) => text !== "")
    .join("\n\n");
}

function renderListItem(item: JSONContent, ctx: BlockContext): string {
  const parts: string[] = [];
  for (const child of item.content ?? []) {
    const text = renderBlock(child, ctx);
    if (text === "") continue;
    const isList = child.type === "bulletList" || child.type === "orderedList" || child.type === "taskList";
    // A nested list follows its paragraph directly, so the list stays tight.
    parts.push(parts.length === 0 ? text : `${isList ? "\n" : "\n\n"}${text}`);
  }
  return parts.join("");
}

function renderCellContent(cell: JSONContent, ctx: BlockContext): string {
  const inline = { ...ctx, inCell: true };
  const lines: string[] = [];
  walkCell(cell.content ?? []);
  return lines.join("<br>");

  function walkCell(nodes: readonly JSONContent[]): void {
    for (const node of nodes) {
      if (node.type === "paragraph" || node.type === "heading") {
        const text = renderInline(node.content, inline);
        if (text) lines.push(text);
      } else if (node.type === "codeBlock") lines.push(codeSpan(textOf(node)));
      else if (node.type === "blockMath") lines.push(`$${String(node.attrs?.latex ?? "")}$`);
      else if (node.type === "image") {
        const image = renderImage(node, ctx);
        if (image) lines.push(image);
      } else if (node.content) walkCell(node.content);
    }
  }
}

function renderTable(node: JSONContent, ctx: BlockContext): string {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).flatMap((cell) => {
      const text = renderCellContent(cell, ctx);
      const span = Math.max(1, Number(cell.attrs?.colspan ?? 1) || 1);
      return [text, ...Array.from({ length: span - 1 }, () => "")];
    }),
  );
  const [header = [], ...body] = rows;
  const align = (node.content?.[0]?.content ?? []).map((cell) => (typeof cell.attrs?.align === "string" ? cell.attrs.align : null));
  return pipeTable(header, body, align);
}

function renderImage(node: JSONContent, ctx: BlockContext): string {
  const src = sanitizeImageSrc(node.attrs?.src);
  if (src === null) return "";
  const url = absoluteHref(src, ctx.origin);
  if (url === null) return "";
  const title = typeof node.attrs?.title === "string" && node.attrs.title ? ` "${node.attrs.title.replace(/"/g, '\\"')}"` : "";
  return `![${escapeText(String(node.attrs?.alt ?? ""))}](${destination(url)}${title})`;
}

function renderCodeBlock(node: JSONContent): string {
  const code = textOf(node);
  const longest = Math.max(0, ...(code.match(/^`{3,}/gm) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const language = typeof node.attrs?.language === "string" ? node.attrs.language.replace(/[^\w+#.-]/g, "") : "";
  return `${fence}${language}\n${code}\n${fence}`;
}

function renderCallout(node: JSONContent, ctx: BlockContext): string {
  const label = `**${TONE_LABELS[String(node.attrs?.tone)] ?? "Note"}:**`;
  const [first, ...rest] = node.content ?? [];
  const head = first?.type === "paragraph" ? renderInline(first.content, ctx) : "";
  const body = renderBlocks(first?.type === "paragraph" ? rest : node.content, ctx);
  return quote([head ? `${label} ${head}` : label, body].filter(Boolean).join("\n\n"));
}

/** Plain text of a decision field: escaped, line breaks kept as hard breaks. */
const fieldText = (text: string) =>
  text.trim() === ""
    ? "—"
    : text
        .trim()
        .split(/\r?\n/)
        .map((line) => escapeText(line))
        .join("\\\n");

function renderDecision(node: JSONContent, ctx: BlockContext): string {
  const a = decisionAttrs(node);
  const status = STATUS_LABELS[a.status] ?? a.status;
  const owner = a.owner ? (ctx.data.users[a.owner] ?? "unknown user") : "—";
  const runs = a.runs.map((id) => {
    const run = ctx.data.runs[id];
    return run ? markdownLink(run.name, run.url) : `${codeSpan(id)} (not found)`;
  });
  return [
    `### Decision: ${escapeText(a.title.trim() || "Untitled decision")} (${status})`,
    `**Status:** ${status}`,
    `**Context:** ${fieldText(a.context)}`,
    `**Decision:** ${fieldText(a.decision)}`,
    `**Rationale:** ${fieldText(a.rationale)}`,
    `**Owner:** ${escapeText(owner)}`,
    `**Date:** ${a.date ? escapeText(a.date) : "—"}`,
    `**Linked runs:** ${runs.length > 0 ? runs.join(", ") : "none"}`,
  ].join("\n\n");
}

/** The value of a run table column, `params.<path>` or `metrics.<key>[.min|.max|.last]`, as plain text; `json` when it is structured. */
export function runColumnCell(row: ExportRunRow, column: string): { text: string; json: boolean } {
  if (column.startsWith("params.")) {
    let value: unknown = row.params;
    for (const part of column.slice(7).split(".")) {
      value = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined || value === null) return { text: "", json: false };
    if (typeof value === "number") return { text: formatValue(value), json: false };
    if (typeof value === "string" || typeof value === "boolean") return { text: String(value), json: false };
    return { text: JSON.stringify(value), json: true };
  }
  if (column.startsWith("metrics.")) {
    const { key, agg } = metricColumn(column);
    const summary = row.metrics[key];
    if (!summary) return { text: "", json: false };
    return { text: formatValue(agg === "min" ? summary.min : agg === "max" ? summary.max : summary.last), json: false };
  }
  return { text: "", json: false };
}

/** A run table column's value as plain text (the print view). */
export const runColumnValueText = (row: ExportRunRow, column: string) => runColumnCell(row, column).text;

/** A run table column's value in Markdown: structured values as code. */
export function runColumnValue(row: ExportRunRow, column: string): string {
  const cell = runColumnCell(row, column);
  return cell.json ? codeSpan(cell.text) : escapeText(cell.text);
}

/** The metric key and aggregate of a `metrics.<key>[.min|.max|.last]` column. */
export function metricColumn(column: string): { key: string; agg: "last" | "min" | "max" } {
  const rest = column.slice("metrics.".length);
  const m = /^(.*)\.(min|max|last)$/.exec(rest);
  return m?.[1] ? { key: m[1], agg: m[2] as "last" | "min" | "max" } : { key: rest, agg: "last" };
}

function renderRunTable(node: JSONContent, ctx: BlockContext): string {
  const a = runTableAttrs(node);
  const data = ctx.data.runTables[blockDataKey(node)];
  const source = a.filter.trim() ? `runs matching ${codeSpan(a.filter.trim())}` : "picked runs";
  if (!data) return `_Run table (${source}): its data was not loaded._`;
  if ("error" in data) return `_Run table (${source}): ${escapeText(data.error)}_`;
  if (data.rows.length === 0) return `_Run table: no ${source}._`;
  const header = ["Run", "Status", ...a.columns.map(escapeText)];
  const rows = data.rows.map((row) => [markdownLink(row.name, row.url), escapeText(row.status), ...a.columns.map((c) => runColumnValue(row, c))]);
  const shown = data.total > data.rows.length ? `${data.rows.length} of ${data.total}` : `${data.rows.length}`;
  return `${pipeTable(header, rows)}\n\n_Run table: ${shown} ${source}, sorted by ${codeSpan(a.sort)}._`;
}

function renderChart(node: JSONContent, ctx: BlockContext): string {
  const a = metricChartAttrs(node);
  const data = ctx.data.charts[blockDataKey(node)];
  const frozenAt = chartFrozenAt(a);
  const name = a.title.trim() || a.keys.join(", ") || "metrics";
  const lines: string[] = [];
  const link = data && !("error" in data) && data.compareUrl ? ` (${markdownLink("open these runs in the compare view", data.compareUrl)})` : "";
  lines.push(`**Chart: ${escapeText(name)}**${link}`);
  const settings = [`x-axis: ${a.xAxis}`, a.smoothing === "none" ? "no smoothing" : `smoothing: ${a.smoothing} (${a.smoothingValue})`, ...(a.logY ? ["log scale"] : [])];
  const when = frozenAt
    ? `Frozen at ${frozenAt.toISOString()}: the summary counts only points logged up to that time.`
    : a.mode === "frozen"
      ? `Frozen at an unknown time: summarized as of ${ctx.data.exportedAt}.`
      : `Live chart, summarized as of ${ctx.data.exportedAt}.`;
  lines.push(`_${escapeText(when)} ${escapeText(settings.join(", "))}._`);
  if (a.keys.length === 0) return [...lines, "_No metrics chosen._"].join("\n\n");
  if (!data) return [...lines, "_Its data was not loaded._"].join("\n\n");
  if ("error" in data) return [...lines, `_${escapeText(data.error)}_`].join("\n\n");
  if (data.runs.length === 0) return [...lines, a.filter.trim() ? `_No runs match ${codeSpan(a.filter.trim())}._` : "_No runs picked._"].join("\n\n");
  const rows: string[][] = [];
  for (const key of a.keys) {
    for (const run of data.runs) {
      const s = data.summaries.find((x) => x.key === key && x.runId === run.id);
      rows.push(
        s && s.count > 0
          ? [escapeText(key), markdownLink(run.name, run.url), formatValue(s.last), s.lastStep === null ? "" : String(s.lastStep), formatValue(s.min), formatValue(s.max), String(s.count)]
          : [escapeText(key), markdownLink(run.name, run.url), "no data", "", "", "", "0"],
      );
    }
  }
  lines.push(pipeTable(["Metric", "Run", "Last value", "Last step", "Min", "Max", "Points"], rows, [null, null, "right", "right", "right", "right", "right"]));
  return lines.join("\n\n");
}

function renderBlock(node: JSONContent, ctx: BlockContext): string {
  switch (node.type) {
    case "title":
      return `# ${escapeText(textOf(node).trim() || "Untitled")}`;
    case "paragraph":
      return renderInline(node.content, ctx).split("\n").map(escapeLineStart).join("\n");
    case "heading": {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1)) + 1);
      const text = renderInline(node.content, ctx);
      return text ? `${"#".repeat(level)} ${text}` : "";
    }
    case "bulletList":
      return (node.content ?? []).map((item) => listItemText(renderListItem(item, ctx), "- ")).join("\n");
    case "orderedList": {
      const start = Number(node.attrs?.start ?? 1) || 1;
      return (node.content ?? []).map((item, i) => listItemText(renderListItem(item, ctx), `${start + i}. `)).join("\n");
    }
    case "taskList":
      return (node.content ?? []).map((item) => listItemText(renderListItem(item, ctx), item.attrs?.checked === true ? "- [x] " : "- [ ] ")).join("\n");
    case "blockquote":
      return quote(renderBlocks(node.content, ctx));
    case "codeBlock":
      return renderCodeBlock(node);
    case "horizontalRule":
      return "---";
    case "table":
      return renderTable(node, ctx);
    case "image":
      return renderImage(node, ctx);
    case "blockMath": {
      const latex = String(node.attrs?.latex ?? "").trim();
      return latex ? `$$\n${latex}\n$$` : "";
    }
    case "callout":
      return renderCallout(node, ctx);
    case "decision":
      return renderDecision(node, ctx);
    case "runTable":
      return renderRunTable(node, ctx);
    case "metricChart":
      return renderChart(node, ctx);
    default:
      // Unknown containers keep their content; unknown leaves are left out.
      return node.content ? renderBlocks(node.content, ctx) : "";
  }
}

/** The Markdown of a page (ProseMirror JSON of the notebook schema), with its blocks' data. */
export function exportMarkdown(doc: JSONContent, data: ExportData): string {
  const ctx: BlockContext = { origin: data.origin, inCell: false, data };
  const content = doc.type === "doc" ? doc.content : [doc];
  return `${renderBlocks(content, ctx)}\n`;
}
