"use client";

import { ActivityIcon, NotebookPenIcon, ScaleIcon } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/app/_components/ui/tabs";
import { projectTabs, type ProjectTab } from "./project-tab";

/** The project's sections; the open one is kept in `?tab=` so links and reloads keep it. */
export function ProjectTabs({ initial, runs, notebooks, decisions }: { initial: ProjectTab; runs: ReactNode; notebooks: ReactNode; decisions: ReactNode }) {
  const [tab, setTab] = useState<ProjectTab>(initial);
  return (
    <Tabs
      value={tab}
      onValueChange={(value) => {
        const next = projectTabs.find((t) => t === value) ?? "runs";
        setTab(next);
        const url = new URL(window.location.href);
        if (next === "runs") url.searchParams.delete("tab");
        else url.searchParams.set("tab", next);
        window.history.replaceState(null, "", url);
      }}
    >
      <TabsList>
        <TabsTrigger value="runs">
          <ActivityIcon />
          Runs
        </TabsTrigger>
        <TabsTrigger value="notebooks">
          <NotebookPenIcon />
          Notebooks
        </TabsTrigger>
        <TabsTrigger value="decisions">
          <ScaleIcon />
          Decisions
        </TabsTrigger>
      </TabsList>
      <TabsContent value="runs">{runs}</TabsContent>
      <TabsContent value="notebooks">{notebooks}</TabsContent>
      <TabsContent value="decisions">{decisions}</TabsContent>
    </Tabs>
  );
}
