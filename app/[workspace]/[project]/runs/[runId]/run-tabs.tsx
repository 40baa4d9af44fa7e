"use client";

import { ChartLineIcon, FingerprintIcon, ListIcon } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/app/_components/ui/tabs";
import { runTabs, type RunTab } from "./run-tab";

/** The run's sections; the open one is kept in `?tab=`. Charts mount only while their tab is open. */
export function RunTabs({
  initial,
  chartCount,
  overview,
  charts,
  reproducibility,
}: {
  initial: RunTab;
  chartCount: number;
  overview: ReactNode;
  charts: ReactNode;
  reproducibility: ReactNode;
}) {
  const [tab, setTab] = useState<RunTab>(initial);
  return (
    <Tabs
      value={tab}
      onValueChange={(value) => {
        const next = runTabs.find((t) => t === value) ?? "overview";
        setTab(next);
        const url = new URL(window.location.href);
        if (next === "overview") url.searchParams.delete("tab");
        else url.searchParams.set("tab", next);
        window.history.replaceState(window.history.state, "", url);
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
