"use client";

import { ChartLineIcon, FingerprintIcon, ListIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/app/_components/ui/tabs";
import { runTabs, type RunTab } from "./run-tab";

/** Keeps the open tab in `?tab=` without a navigation. */
function rememberTab(tab: RunTab) {
  const url = new URL(window.location.href);
  if (tab === "overview") url.searchParams.delete("tab");
  else url.searchParams.set("tab", tab);
  window.history.replaceState(window.history.state, "", url);
}

/** The run's sections; the open one is kept in `?tab=`. Charts mount only while their tab is open. */
export function RunTabs({
  tab,
  onTabChange,
  chartCount,
  overview,
  charts,
  reproducibility,
}: {
  tab: RunTab;
  onTabChange: (tab: RunTab) => void;
  chartCount: number;
  overview: ReactNode;
  charts: ReactNode;
  reproducibility: ReactNode;
}) {
  return (
    <Tabs
      value={tab}
      onValueChange={(value) => {
        const next = runTabs.find((t) => t === value) ?? "overview";
        onTabChange(next);
        rememberTab(next);
      }}
    >
      <TabsList>
        <TabsTrigger value="overview">
          <ListIcon />
          Overview
        </TabsTrigger>
        <TabsTrigger value="charts">
          <ChartLineIcon />
          Charts
          <span className="text-xs font-normal text-muted-foreground tabular-nums">{chartCount}</span>
        </TabsTrigger>
        <TabsTrigger value="reproducibility">
          <FingerprintIcon />
          Reproducibility
        </TabsTrigger>
      </TabsList>
      <TabsContent value="overview">{overview}</TabsContent>
      <TabsContent value="charts">{charts}</TabsContent>
      <TabsContent value="reproducibility">{reproducibility}</TabsContent>
    </Tabs>
  );
}
