"use client";

import { TriangleAlertIcon } from "lucide-react";
import { DecisionList } from "@/app/_decisions/decision-list";
import { useDecisions } from "@/app/_decisions/use-decisions";
import { Alert, AlertDescription, AlertTitle } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Skeleton } from "@/app/_components/ui/skeleton";

/** The decisions whose blocks link this run, from the project's notebooks. */
export function RunDecisions({ runId, project }: { runId: string; project: string }) {
  const { state, reload } = useDecisions(`/runs/${runId}/decisions`);
  return (
    <section className="space-y-3" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading" className="text-sm font-medium">
        Decisions
      </h2>
      {state.kind === "loading" ? (
        <Skeleton className="h-16 w-full" aria-busy />
      ) : state.kind === "error" ? (
        <Alert variant="destructive">
          <TriangleAlertIcon />
          <AlertTitle>The decisions could not be loaded</AlertTitle>
          <AlertDescription>
            <p>{state.message}</p>
            <Button variant="outline" size="sm" className="mt-2" onClick={reload}>
              Try again
            </Button>
          </AlertDescription>
        </Alert>
      ) : state.decisions.length === 0 ? (
        <p className="text-sm text-muted-foreground">No decision links this run yet. Link it from a decision block in a notebook.</p>
      ) : (
        <DecisionList items={state.decisions} project={project} label="Decisions linking this run" />
      )}
    </section>
  );
}
