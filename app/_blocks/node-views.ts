import type { AnyExtension, Node } from "@tiptap/core";
import { ReactNodeViewRenderer, type ReactNodeViewProps } from "@tiptap/react";
import type { ComponentType } from "react";
import { DecisionView } from "@/app/_editor/decision-view";
import { CalloutView } from "./callout-view";
import { MetricChartView } from "./metric-chart-view";
import { RunTableView } from "./run-table-view";

/** The React views of the data blocks, by node name. */
const views: Record<string, ComponentType<ReactNodeViewProps>> = {
  metricChart: MetricChartView,
  runTable: RunTableView,
  callout: CalloutView,
  decision: DecisionView,
};

/**
 * Gives the shared nodes their React views in the browser (pass to `editorExtensions({ extend })`);
 * the schema stays the one the server reads.
 */
export function withNodeViews(extension: AnyExtension): AnyExtension {
  const View = views[extension.name];
  if (!View) return extension;
  return (extension as Node).extend({ addNodeView: () => ReactNodeViewRenderer(View) });
}
