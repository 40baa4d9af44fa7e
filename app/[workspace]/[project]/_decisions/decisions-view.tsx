"use client";

import { ScaleIcon, SearchIcon, TriangleAlertIcon } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useMembers } from "@/app/_comments/use-members";
import { DecisionList } from "@/app/_decisions/decision-list";
import { useDecisions } from "@/app/_decisions/use-decisions";
import { EmptyState } from "@/app/_components/empty-state";
import { Alert, AlertDescription, AlertTitle } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { decisionStatuses, type DecisionStatus } from "@/lib/decisions/decision-status";

const ANYONE = "anyone";

/** Waits until `value` has not changed for `ms` (typing in the search box). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The project's decision log: filter by status, owner and text; each row links to its block in the notebook. */
export function DecisionsView({ project }: { project: string }) {
  const workspace = project.split("/")[0] ?? "";
  const [statuses, setStatuses] = useState<DecisionStatus[]>([]);
  const [owner, setOwner] = useState(ANYONE);
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 250);
  const { members } = useMembers(workspace, true);

  const path = useMemo(() => {
    const params = new URLSearchParams();
    if (statuses.length > 0) params.set("status", statuses.join(","));
    if (owner !== ANYONE) params.set("owner", owner);
    if (q) params.set("q", q);
    const query = params.toString();
    return `/projects/${project}/decisions${query ? `?${query}` : ""}`;
  }, [project, statuses, owner, q]);
  const { state, reload } = useDecisions(path);
  const filtered = statuses.length > 0 || owner !== ANYONE || q !== "";

  if (state.kind === "ready" && state.decisions.length === 0 && !filtered && text === "") {
    return (
      <EmptyState icon={ScaleIcon} title="No decisions yet">
        Decisions such as &ldquo;promote run b7f2 to production&rdquo; are recorded from decision blocks in this project&rsquo;s notebooks
        (type <kbd className="rounded border px-1 font-mono text-xs">/decision</kbd> on a page), linked to the runs behind them.
      </EmptyState>
    );
  }

  const toggle = (status: DecisionStatus) => setStatuses((list) => (list.includes(status) ? list.filter((s) => s !== status) : [...list, status]));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-48 flex-1 sm:max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label="Search decisions"
            placeholder="Search title, context, rationale"
            value={text}
            onChange={(event) => setText(event.target.value)}
            className="pl-8"
          />
        </div>
        <div role="group" aria-label="Status" className="inline-flex flex-wrap rounded-md border p-0.5">
          {decisionStatuses.map((status) => (
            <button
              key={status}
              type="button"
              aria-pressed={statuses.includes(status)}
              onClick={() => toggle(status)}
              className={cn("rounded px-2.5 py-1 text-xs font-medium text-muted-foreground capitalize", statuses.includes(status) && "bg-muted text-foreground")}
            >
              {status}
            </button>
          ))}
        </div>
        <Select value={owner} onValueChange={setOwner}>
          <SelectTrigger size="sm" aria-label="Owner" className="min-w-36">
            <SelectValue placeholder="Any owner" />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ANYONE}>Any owner</SelectItem>
            {members.map((m) => (
              <SelectItem key={m.userId} value={m.userId}>
                {m.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setStatuses([]);
              setOwner(ANYONE);
              setText("");
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      {state.kind === "loading" ? (
        <div className="space-y-2" aria-busy>
          <Skeleton className="h-20 w-full" />
          <Skeleton className="h-20 w-full" />
          <Skeleton className="h-20 w-full" />
        </div>
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
        <p className="rounded-xl border border-dashed px-4 py-10 text-center text-sm text-muted-foreground">No decision matches these filters.</p>
      ) : (
        <DecisionList items={state.decisions} project={project} />
      )}
    </div>
  );
}
