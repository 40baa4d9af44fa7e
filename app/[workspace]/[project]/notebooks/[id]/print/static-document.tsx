import type { JSONContent } from "@tiptap/core";
import katex from "katex";
import { CheckSquareIcon, SquareIcon } from "lucide-react";
import type { ReactNode } from "react";
import { lowlight } from "@/lib/editor/code-block";
import { sanitizeHref, sanitizeImageSrc } from "@/lib/editor/safe-url";
import {
  blockDataKey,
  chartFrozenAt,
  decisionAttrs,
  formatValue,
  metricChartAttrs,
  runColumnValueText,
  runTableAttrs,
  textOf,
  type ExportData,
} from "@/lib/notebooks/export-markdown";
import { PrintChart } from "./print-chart";
import type { PrintChartData } from "./print-types";

/**
 * A notebook page rendered once on the server, read-only and static, for print: the same
 * nodes as the editor, data blocks filled from what the export loader read. Nothing in it
 * connects or updates.
 */

interface Ctx {
  data: ExportData;
  charts: Record<string, PrintChartData>;
}

const KATEX_OPTIONS = { throwOnError: false, strict: false, trust: false, maxSize: 20, maxExpand: 200 } as const;

function Formula({ latex, display }: { latex: string; display: boolean }) {
  // KaTeX with trust off emits no links, scripts or raw HTML from the source.
  const html = katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: display });
  return display ? <div className="print-math-block print-block" dangerouslySetInnerHTML={{ __html: html }} /> : <span dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The part of lowlight's syntax tree (hast) a highlighted code block holds: spans with classes, and text. */
type HighlightNode = { type: string; value?: string; properties?: { className?: unknown }; children?: HighlightNode[] };

function highlighted(nodes: readonly HighlightNode[]): ReactNode[] {
  return nodes.map((node, i) => {
    if (node.type === "text") return node.value ?? "";
    if (node.type !== "element") return null;
    const className = node.properties?.className;
    return (
      <span key={i} className={Array.isArray(className) ? className.join(" ") : undefined}>
        {highlighted(node.children ?? [])}
      </span>
    );
  });
}

function CodeBlock({ node }: { node: JSONContent }) {
  const code = textOf(node);
  const language = typeof node.attrs?.language === "string" ? node.attrs.language : null;
  const tree = language && lowlight.registered(language) ? (lowlight.highlight(language, code).children as HighlightNode[]) : null;
  return (
    <pre className="print-block" data-language={language ?? undefined}>
      <code>{tree ? highlighted(tree) : code}</code>
    </pre>
  );
}

function Text({ node }: { node: JSONContent }) {
  let out: ReactNode = node.text ?? "";
  const marks = node.marks ?? [];
  if (marks.some((m) => m.type === "code")) return <code>{out}</code>;
  if (marks.some((m) => m.type === "strike")) out = <s>{out}</s>;
  if (marks.some((m) => m.type === "underline")) out = <u>{out}</u>;
  if (marks.some((m) => m.type === "italic")) out = <em>{out}</em>;
  if (marks.some((m) => m.type === "bold")) out = <strong>{out}</strong>;
  const link = marks.find((m) => m.type === "link");
  const href = link ? sanitizeHref(link.attrs?.href) : null;
  if (href !== null) out = <a href={href}>{out}</a>;
  return out;
}

function Inline({ nodes }: { nodes: JSONContent[] | undefined }) {
  return (nodes ?? []).map((node, i) => {
    if (node.type === "text") return <Text key={i} node={node} />;
    if (node.type === "hardBreak") return <br key={i} />;
    if (node.type === "inlineMath") return <Formula key={i} latex={String(node.attrs?.latex ?? "")} display={false} />;
    return null;
  });
}

function Blocks({ nodes, ctx }: { nodes: JSONContent[] | undefined; ctx: Ctx }) {
  return (nodes ?? []).map((node, i) => <Block key={i} node={node} ctx={ctx} />);
}

const STATUS_STYLES: Record<string, string> = {
  proposed: "bg-amber-100 text-amber-900 border-amber-300",
  accepted: "bg-emerald-100 text-emerald-900 border-emerald-300",
  rejected: "bg-red-100 text-red-900 border-red-300",
  superseded: "bg-neutral-100 text-neutral-700 border-neutral-300",
};

function Decision({ node, ctx }: { node: JSONContent; ctx: Ctx }) {
  const a = decisionAttrs(node);
  const field = (label: string, value: ReactNode) => (
    <div className="grid grid-cols-[7rem_1fr] gap-3">
      <dt className="font-medium text-neutral-500">{label}</dt>
      <dd className="whitespace-pre-wrap">{value || <span className="text-neutral-400">—</span>}</dd>
    </div>
  );
  return (
    <section className="print-block print-card" data-testid="print-decision" aria-label={`Decision: ${a.title || "Untitled decision"}`}>
      <div className="mb-2 flex items-start justify-between gap-3">
        <h3 className="text-base font-semibold">
          <span className="text-neutral-500">Decision: </span>
          {a.title.trim() || "Untitled decision"}
        </h3>
        <span className={`shrink-0 rounded-full border px-2 py-0.5 text-xs font-medium capitalize ${STATUS_STYLES[a.status] ?? STATUS_STYLES.superseded}`}>{a.status}</span>
      </div>
      <dl className="space-y-1.5 text-sm">
        {field("Context", a.context.trim())}
        {field("Decision", a.decision.trim())}
        {field("Rationale", a.rationale.trim())}
        {field("Owner", a.owner ? (ctx.data.users[a.owner] ?? "Unknown user") : "")}
        {field("Date", a.date ?? "")}
        {field(
          "Linked runs",
          a.runs.length > 0
            ? a.runs.map((id, i) => {
                const run = ctx.data.runs[id];
                return (
                  <span key={id}>
                    {i > 0 ? ", " : ""}
                    {run ? <a href={run.url}>{run.name}</a> : <span className="text-neutral-400">a run that was not found</span>}
                  </span>
                );
              })
            : "",
        )}
      </dl>
    </section>
  );
}

function Note({ children }: { children: ReactNode }) {
  return <p className="print-block rounded-md border border-dashed border-neutral-300 p-3 text-sm text-neutral-500">{children}</p>;
}

function RunTable({ node, ctx }: { node: JSONContent; ctx: Ctx }) {
  const a = runTableAttrs(node);
  const data = ctx.data.runTables[blockDataKey(node)];
  const source = a.filter.trim() ? `runs matching “${a.filter.trim()}”` : "picked runs";
  if (!data) return <Note>Run table ({source}): its data could not be loaded.</Note>;
  if ("error" in data) return <Note>Run table ({source}): {data.error}</Note>;
  if (data.rows.length === 0) return <Note>Run table: no {source}.</Note>;
  return (
    <figure className="print-block" data-testid="print-run-table">
      <table className="print-table">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            {a.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.id}>
              <td>
                <a href={row.url}>{row.name}</a>
              </td>
              <td>{row.status}</td>
              {a.columns.map((c) => (
                <td key={c} className="tabular-nums">
                  {runColumnValueText(row, c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="mt-1 text-xs text-neutral-500">
        {data.total > data.rows.length ? `${data.rows.length} of ${data.total}` : data.rows.length} {source}, sorted by {a.sort}.
      </figcaption>
    </figure>
  );
}

function Chart({ node, ctx }: { node: JSONContent; ctx: Ctx }) {
  const a = metricChartAttrs(node);
  const key = blockDataKey(node);
  const data = ctx.data.charts[key];
  const frozenAt = chartFrozenAt(a);
  const name = a.title.trim() || a.keys.join(", ") || "Chart";
  let body: ReactNode;
  if (a.keys.length === 0) body = <Note>No metrics chosen.</Note>;
  else if (!data) body = <Note>The chart&apos;s data could not be loaded.</Note>;
  else if ("error" in data) body = <Note>{data.error}</Note>;
  else if (data.runs.length === 0) body = <Note>{a.filter.trim() ? `No runs match “${a.filter.trim()}”.` : "No runs picked."}</Note>;
  else body = <PrintChart attrs={a} data={ctx.charts[key] ?? { runs: data.runs, series: {} }} />;
  const summaries = data && !("error" in data) ? data.summaries : [];
  return (
    <figure className="print-block print-card" data-testid="print-chart">
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold">{name}</span>
        <span className="text-xs text-neutral-500">
          {frozenAt ? `Frozen at ${frozenAt.toISOString().replace("T", " ").slice(0, 19)} UTC` : `Live chart, as of ${ctx.data.exportedAt.replace("T", " ").slice(0, 19)} UTC`}
          {" · "}x: {a.xAxis}
          {a.smoothing !== "none" ? ` · ${a.smoothing} ${a.smoothingValue}` : ""}
          {a.logY ? " · log y" : ""}
        </span>
      </figcaption>
      {body}
      {summaries.length > 0 && data && !("error" in data) ? (
        <table className="print-table mt-2 text-xs">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Run</th>
              <th className="text-right">Last</th>
              <th className="text-right">Step</th>
              <th className="text-right">Min</th>
              <th className="text-right">Max</th>
              <th className="text-right">Points</th>
            </tr>
          </thead>
          <tbody>
            {summaries.map((s) => (
              <tr key={`${s.key}:${s.runId}`}>
                <td>{s.key}</td>
                <td>{data.runs.find((r) => r.id === s.runId)?.name ?? s.runId}</td>
                <td className="text-right tabular-nums">{formatValue(s.last)}</td>
                <td className="text-right tabular-nums">{s.lastStep ?? ""}</td>
                <td className="text-right tabular-nums">{formatValue(s.min)}</td>
                <td className="text-right tabular-nums">{formatValue(s.max)}</td>
                <td className="text-right tabular-nums">{s.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && !("error" in data) && data.compareUrl ? (
        <a href={data.compareUrl} className="print:hidden mt-2 inline-block text-xs">
          Open these runs in the compare view
        </a>
      ) : null}
    </figure>
  );
}

const TONE_STYLES: Record<string, string> = {
  info: "border-sky-400 bg-sky-50",
  note: "border-violet-400 bg-violet-50",
  success: "border-emerald-400 bg-emerald-50",
  warning: "border-amber-400 bg-amber-50",
  danger: "border-red-400 bg-red-50",
};

function Block({ node, ctx }: { node: JSONContent; ctx: Ctx }): ReactNode {
  switch (node.type) {
    case "title":
      return <h1 className="print-title">{textOf(node).trim() || "Untitled"}</h1>;
    case "paragraph":
      return (
        <p>
          <Inline nodes={node.content} />
        </p>
      );
    case "heading": {
      const level = Number(node.attrs?.level ?? 1);
      const Tag = level === 1 ? "h2" : level === 2 ? "h3" : "h4";
      return (
        <Tag>
          <Inline nodes={node.content} />
        </Tag>
      );
    }
    case "bulletList":
      return (
        <ul>
          {(node.content ?? []).map((item, i) => (
            <li key={i}>
              <Blocks nodes={item.content} ctx={ctx} />
            </li>
          ))}
        </ul>
      );
    case "orderedList":
      return (
        <ol start={Number(node.attrs?.start ?? 1) || 1}>
          {(node.content ?? []).map((item, i) => (
            <li key={i}>
              <Blocks nodes={item.content} ctx={ctx} />
            </li>
          ))}
        </ol>
      );
    case "taskList":
      return (
        <ul className="print-tasks">
          {(node.content ?? []).map((item, i) => {
            const checked = item.attrs?.checked === true;
            const Icon = checked ? CheckSquareIcon : SquareIcon;
            return (
              <li key={i} data-checked={checked}>
                <Icon className="mt-1 size-4 shrink-0" aria-label={checked ? "Done" : "To do"} />
                <div>
                  <Blocks nodes={item.content} ctx={ctx} />
                </div>
              </li>
            );
          })}
        </ul>
      );
    case "blockquote":
      return (
        <blockquote className="print-block">
          <Blocks nodes={node.content} ctx={ctx} />
        </blockquote>
      );
    case "codeBlock":
      return <CodeBlock node={node} />;
    case "horizontalRule":
      return <hr />;
    case "table":
      return (
        <table className="print-table print-block">
          <tbody>
            {(node.content ?? []).map((row, r) => (
              <tr key={r}>
                {(row.content ?? []).map((cell, c) => {
                  const Cell = cell.type === "tableHeader" ? "th" : "td";
                  const align: unknown = cell.attrs?.align;
                  return (
                    <Cell
                      key={c}
                      colSpan={Number(cell.attrs?.colspan ?? 1) || 1}
                      rowSpan={Number(cell.attrs?.rowspan ?? 1) || 1}
                      style={align === "center" || align === "right" || align === "left" ? { textAlign: align } : undefined}
                    >
                      <Blocks nodes={cell.content} ctx={ctx} />
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case "image": {
      const src = sanitizeImageSrc(node.attrs?.src);
      if (src === null) return null;
      const alt = typeof node.attrs?.alt === "string" ? node.attrs.alt : "";
      const title = typeof node.attrs?.title === "string" ? node.attrs.title : undefined;
      // A plain img: uploads are served with the session's access checks, which an image proxy would not carry.
      return <img src={src} alt={alt} title={title} className="print-block" />;
    }
    case "blockMath":
      return <Formula latex={String(node.attrs?.latex ?? "")} display />;
    case "callout":
      return (
        <aside className={`print-block rounded-md border-l-4 px-4 py-2 ${TONE_STYLES[String(node.attrs?.tone)] ?? TONE_STYLES.info}`} data-tone={String(node.attrs?.tone ?? "info")}>
          <Blocks nodes={node.content} ctx={ctx} />
        </aside>
      );
    case "decision":
      return <Decision node={node} ctx={ctx} />;
    case "runTable":
      return <RunTable node={node} ctx={ctx} />;
    case "metricChart":
      return <Chart node={node} ctx={ctx} />;
    default:
      return node.content ? <Blocks nodes={node.content} ctx={ctx} /> : null;
  }
}

/** The whole page, static. */
export function StaticDocument({ doc, data, charts }: { doc: JSONContent; data: ExportData; charts: Record<string, PrintChartData> }) {
  return (
    <article className="print-document" data-testid="print-document">
      <Blocks nodes={doc.content} ctx={{ data, charts }} />
    </article>
  );
}
