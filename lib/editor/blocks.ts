import { mergeAttributes, Node, type Attribute } from "@tiptap/core";
import type { DecisionStatus } from "@/lib/decisions/decision-status";

/**
 * The data blocks of a notebook page: live charts, run tables, decisions and callouts. Their attributes live in the Yjs document (so every editor
 * sees the same settings); the data they show comes from the API and socket.io and never
 * enters the document. Every attribute is documented in docs/notebook-schema.md.
 */

/** An attribute holding a JSON value (string list, object), kept in a `data-*` attribute in HTML. */
function jsonAttribute<T>(name: string, fallback: T): Attribute {
  return {
    default: fallback,
    parseHTML: (element) => {
      const raw = element.getAttribute(`data-${name}`);
      if (raw === null) return fallback;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return fallback;
      }
    },
    renderHTML: (attributes) => ({ [`data-${name}`]: JSON.stringify(attributes[name] ?? fallback) }),
  };
}

/** A plain attribute kept in `data-<name>` in HTML. */
function dataAttribute<T extends string | number | boolean | null>(name: string, fallback: T): Attribute {
  return {
    default: fallback,
    parseHTML: (element) => {
      const raw = element.getAttribute(`data-${name}`);
      if (raw === null) return fallback;
      if (typeof fallback === "number") return Number.isFinite(Number(raw)) ? Number(raw) : fallback;
      if (typeof fallback === "boolean") return raw === "true";
      return raw;
    },
    renderHTML: (attributes) => (attributes[name] === null || attributes[name] === undefined ? {} : { [`data-${name}`]: String(attributes[name]) }),
  };
}

function atomBlock(name: string) {
  return {
    name,
    group: "block",
    atom: true,
    selectable: true,
    draggable: true,
    isolating: true,
    parseHTML() {
      return [{ tag: `div[data-type="${name}"]` }];
    },
    renderHTML({ HTMLAttributes }: { HTMLAttributes: Record<string, unknown> }) {
      return ["div", mergeAttributes(HTMLAttributes, { "data-type": name })] as [string, Record<string, unknown>];
    },
  };
}

export const chartXAxes = ["step", "wall", "relative"] as const;
export type ChartXAxis = (typeof chartXAxes)[number];
export const chartSmoothings = ["none", "ema", "movingAverage"] as const;
export type ChartSmoothing = (typeof chartSmoothings)[number];
export const chartModes = ["live", "frozen"] as const;
export type ChartMode = (typeof chartModes)[number];

/** The attributes of a `metricChart` block, as the document holds them. */
export interface MetricChartAttrs {
  /** Run ids picked by hand; used when `filter` is empty. */
  runs: string[];
  /** A run filter expression (lib/runs/run-filter.ts) of the notebook's project; wins over `runs` when set. */
  filter: string;
  /** Metric keys, one chart panel each. */
  keys: string[];
  xAxis: ChartXAxis;
  smoothing: ChartSmoothing;
  /** EMA weight in [0, 1) or moving-average window (points). */
  smoothingValue: number;
  logY: boolean;
  /** `live` streams new points; `frozen` shows only what was logged up to `frozenAt`. */
  mode: ChartMode;
  /** ISO time a frozen chart stops at; null when live. */
  frozenAt: string | null;
  /** Optional caption above the chart. */
  title: string;
}

export const METRIC_CHART_DEFAULTS: MetricChartAttrs = {
  runs: [],
  filter: "",
  keys: [],
  xAxis: "step",
  smoothing: "none",
  smoothingValue: 0.6,
  logY: false,
  mode: "live",
  frozenAt: null,
  title: "",
};

export const MetricChart = Node.create({
  ...atomBlock("metricChart"),
  addAttributes() {
    const d = METRIC_CHART_DEFAULTS;
    return {
      runs: jsonAttribute("runs", d.runs),
      filter: dataAttribute("filter", d.filter),
      keys: jsonAttribute("keys", d.keys),
      xAxis: dataAttribute("x-axis", d.xAxis),
      smoothing: dataAttribute("smoothing", d.smoothing),
      smoothingValue: dataAttribute("smoothing-value", d.smoothingValue),
      logY: dataAttribute("log-y", d.logY),
      mode: dataAttribute("mode", d.mode),
      frozenAt: dataAttribute("frozen-at", d.frozenAt),
      title: dataAttribute("title", d.title),
    };
  },
});

/** The attributes of a `runTable` block. */
export interface RunTableAttrs {
  /** Run ids picked by hand; used when `filter` is empty. */
  runs: string[];
  /** A run filter expression of the notebook's project; wins over `runs` when set. */
  filter: string;
  /** Columns after name and status: `params.<path>` or `metrics.<key>` (last value; `.min`/`.max` suffix allowed). */
  columns: string[];
  /** A runs-table sort (`-created`, `metrics.val/loss.min`, …). */
  sort: string;
  /** At most this many rows (1–200). */
  limit: number;
}

export const RUN_TABLE_DEFAULTS: RunTableAttrs = { runs: [], filter: "", columns: [], sort: "-created", limit: 20 };

export const RunTable = Node.create({
  ...atomBlock("runTable"),
  addAttributes() {
    const d = RUN_TABLE_DEFAULTS;
    return {
      runs: jsonAttribute("runs", d.runs),
      filter: dataAttribute("filter", d.filter),
      columns: jsonAttribute("columns", d.columns),
      sort: dataAttribute("sort", d.sort),
      limit: dataAttribute("limit", d.limit),
    };
  },
});

export { decisionStatuses, type DecisionStatus } from "@/lib/decisions/decision-status";

/** The attributes of a `decision` block; the server indexes them into the decisions table. */
export interface DecisionAttrs {
  /** Stable id of the decision (a UUID made when the block is inserted; a pasted copy gets a new one). */
  decisionId: string | null;
  title: string;
  status: DecisionStatus;
  context: string;
  decision: string;
  rationale: string;
  /** User id of the owner, or null. */
  owner: string | null;
  /** Day of the decision, `YYYY-MM-DD`, or null. */
  date: string | null;
  /** Linked run ids. */
  runs: string[];
}

export const DECISION_DEFAULTS: DecisionAttrs = {
  decisionId: null,
  title: "",
  status: "proposed",
  context: "",
  decision: "",
  rationale: "",
  owner: null,
  date: null,
  runs: [],
};

export const Decision = Node.create({
  ...atomBlock("decision"),
  addAttributes() {
    const d = DECISION_DEFAULTS;
    return {
      decisionId: dataAttribute("decision-id", d.decisionId),
      title: dataAttribute("title", d.title),
      status: dataAttribute("status", d.status),
      context: dataAttribute("context", d.context),
      decision: dataAttribute("decision", d.decision),
      rationale: dataAttribute("rationale", d.rationale),
      owner: dataAttribute("owner", d.owner),
      date: dataAttribute("date", d.date),
      runs: jsonAttribute("runs", d.runs),
    };
  },
});

export const calloutTones = ["info", "note", "success", "warning", "danger"] as const;
export type CalloutTone = (typeof calloutTones)[number];

/** An annotation box: rich text with a tone (icon and colour). */
export const Callout = Node.create({
  name: "callout",
  group: "block",
  content: "paragraph block*",
  defining: true,
  addAttributes() {
    return { tone: dataAttribute("tone", "info") };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="callout"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["div", mergeAttributes(HTMLAttributes, { "data-type": "callout" }), 0];
  },
});

/** The block nodes above, in the order editorExtensions() adds them. */
export const dataBlocks = [MetricChart, RunTable, Decision, Callout];
