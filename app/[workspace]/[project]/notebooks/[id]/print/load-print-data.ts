import type { JSONContent } from "@tiptap/core";
import { publicOrigin } from "@/app/_lib/origin";
import { services } from "@/app/_lib/services";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { getSeriesOfRuns } from "@/lib/metrics/get-series-of-runs";
import type { NotebookAccess } from "@/lib/notebooks/authorize-notebook";
import { blockDataKey, chartFrozenAt, metricChartAttrs, walkDocument, type ExportData } from "@/lib/notebooks/export-markdown";
import { loadExportData } from "@/lib/notebooks/load-export-data";
import { readNotebookContent } from "@/lib/notebooks/read-notebook-content";
import type { PrintChartData, PrintSeries } from "./print-types";

/** Points per curve on paper: more than a printed line can show. */
const PRINT_MAX_POINTS = 1_000;

export interface PrintData {
  content: JSONContent;
  data: ExportData;
  /** Curves of each chart, by the chart's data key. */
  charts: Record<string, PrintChartData>;
}

const toNumber = (v: number | string) => (typeof v === "number" ? v : v === "NaN" ? null : v === "Infinity" ? Infinity : -Infinity);

/**
 * Everything the print view shows, read once: the current page from the store, its blocks'
 * data (as the Markdown export reads it), and each chart's curves (a frozen chart's only up
 * to its time).
 */
export async function loadPrintData(access: NotebookAccess, userId: string): Promise<PrintData> {
  const { database, env } = await services();
  const content = await readNotebookContent(createDbNotebookStore(database), access.notebook.id);
  const data = await loadExportData(database.db, {
    doc: content,
    userId,
    workspaceSlug: access.workspace.slug,
    project: { id: access.project.id, slug: access.project.slug },
    origin: await publicOrigin(),
    crashAfterMs: env.LABBOOK_CRASH_AFTER_SECONDS * 1000,
  });

  const nodes = new Map<string, JSONContent>();
  walkDocument(content, (node) => {
    if (node.type === "metricChart") nodes.set(blockDataKey(node), node);
  });
  const charts: Record<string, PrintChartData> = {};
  for (const [key, node] of nodes) {
    const chart = data.charts[key];
    if (!chart || "error" in chart || chart.runs.length === 0) continue;
    const attrs = metricChartAttrs(node);
    const until = chartFrozenAt(attrs)?.toISOString();
    const runIds = chart.runs.map((r) => r.id);
    const series: Record<string, Record<string, PrintSeries>> = {};
    for (const metric of attrs.keys) {
      const byRun = await getSeriesOfRuns(database.db, { key: metric, runs: runIds, maxPoints: PRINT_MAX_POINTS, ...(until && { until }) });
      series[metric] = Object.fromEntries(
        Object.entries(byRun).map(([runId, s]) => [runId, { steps: s.steps, values: s.values.map(toNumber), times: s.timestamps.map((t) => Date.parse(t)) }]),
      );
    }
    charts[key] = { runs: chart.runs.map(({ id, name }) => ({ id, name })), series };
  }
  return { content, data, charts };
}
