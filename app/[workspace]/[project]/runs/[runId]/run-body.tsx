"use client";

import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ChartRegion, StepRange } from "@/app/_charts/chart-types";
import { RunComments, useRunComments, type CommentAnchorDraft } from "@/app/_comments/run-comments";
import { hasRole, type Role } from "@/lib/access/roles";
import { RunCharts, type ChartComments } from "./run-charts";
import type { RunTab } from "./run-tab";
import { RunTabs } from "./run-tabs";

/**
 * The run's tabs beside its review comments. Charts shade commented step ranges and open
 * their threads; a range selected on a chart opens the composer anchored to it; a thread's
 * anchor brings its chart into view.
 */
export function RunBody({
  run,
  keys,
  initialTab,
  workspace,
  viewer,
  overview,
  reproducibility,
}: {
  run: { id: string; name: string; startedAt: string };
  keys: readonly string[];
  initialTab: RunTab;
  workspace: string;
  viewer: { id: string; role: Role };
  overview: ReactNode;
  reproducibility: ReactNode;
}) {
  const [tab, setTab] = useState<RunTab>(initialTab);
  const [anchor, setAnchor] = useState<CommentAnchorDraft | null>(null);
  const [reveal, setReveal] = useState<{ key: string } | null>(null);
  const comments = useRunComments(run.id);

  const regionsByKey = useMemo(() => {
    const map = new Map<string, ChartRegion[]>();
    for (const region of comments.regions) map.set(region.key, [...(map.get(region.key) ?? []), region]);
    return map;
  }, [comments.regions]);
  const onCommentRange = useCallback((key: string, range: StepRange) => setAnchor({ key, ...range }), []);
  // Viewers see the regions but are not offered to start a thread on a range.
  const canComment = hasRole(viewer.role, "commenter");
  const chartComments = useMemo(
    (): ChartComments => ({ regionsByKey, onRegionClick: comments.focusThread, onCommentRange: canComment ? onCommentRange : undefined }),
    [regionsByKey, comments.focusThread, onCommentRange, canComment],
  );

  // Once the charts tab shows, scroll the chart a thread is anchored to into view.
  useEffect(() => {
    if (!reveal || tab !== "charts") return;
    const chart = document.querySelector(`[data-testid="metric-chart"][data-metric-key="${CSS.escape(reveal.key)}"]`);
    chart?.scrollIntoView({ behavior: "smooth", block: "center" });
    setReveal(null);
  }, [reveal, tab]);

  return (
    <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0">
        <RunTabs
          tab={tab}
          onTabChange={setTab}
          chartCount={keys.length}
          overview={overview}
          charts={<RunCharts run={run} keys={keys} comments={chartComments} />}
          reproducibility={reproducibility}
        />
      </div>
      <RunComments
        runId={run.id}
        workspace={workspace}
        viewer={viewer}
        anchor={anchor}
        onAnchorDone={() => setAnchor(null)}
        onAnchorClick={(a) => {
          setTab("charts");
          setReveal({ key: a.key });
        }}
        className="xl:sticky xl:top-6 xl:max-h-[calc(100vh-3rem)] xl:self-start xl:overflow-y-auto"
      />
    </div>
  );
}
