"use client";

import { SearchIcon, XIcon } from "lucide-react";
import { useEffect, useId, useMemo, useState } from "react";
import { Checkbox } from "@/app/_components/ui/checkbox";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Tabs, TabsList, TabsTrigger } from "@/app/_components/ui/tabs";
import { Spinner } from "@/app/_components/spinner";
import { api, errorMessage } from "@/app/_lib/api";
import type { RunSummary, RunsPage } from "@/app/_lib/runs";
import { MAX_BLOCK_RUNS, useNotebookProject } from "./use-block-runs";

const projectRuns = (workspace: string, project: string, query: URLSearchParams) =>
  api<RunsPage>(`/projects/${encodeURIComponent(workspace)}/${encodeURIComponent(project)}/runs?${query}`);

/** Waits `ms` after the last change of `value`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface RunSource {
  runs: string[];
  filter: string;
}

/**
 * Which runs a block shows: a filter expression over the project's runs (kept up to date as
 * runs are logged), or runs picked by hand. The filter is checked as it is typed and says how
 * many runs it matches, or what is wrong with it.
 */
export function RunSourceField({ value, onChange }: { value: RunSource; onChange: (next: RunSource) => void }) {
  const [mode, setMode] = useState<"pick" | "filter">(value.filter ? "filter" : "pick");
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <Label>Runs</Label>
        <Tabs
          value={mode}
          onValueChange={(next) => {
            setMode(next as "pick" | "filter");
            if (next === "pick") onChange({ ...value, filter: "" });
          }}
        >
          <TabsList className="h-8">
            <TabsTrigger value="pick" className="text-xs">
              Pick runs
            </TabsTrigger>
            <TabsTrigger value="filter" className="text-xs">
              Filter
            </TabsTrigger>
          </TabsList>
        </Tabs>
      </div>
      {mode === "filter" ? <FilterInput filter={value.filter} onChange={(filter) => onChange({ ...value, filter })} /> : <RunPicker picked={value.runs} onChange={(runs) => onChange({ ...value, runs })} />}
    </div>
  );
}

function FilterInput({ filter, onChange }: { filter: string; onChange: (filter: string) => void }) {
  const id = useId();
  const { workspace, project } = useNotebookProject();
  const settled = useDebounced(filter.trim(), 300);
  const [check, setCheck] = useState<{ for: string; total?: number; error?: string } | null>(null);
  useEffect(() => {
    if (!settled) return;
    let current = true;
    projectRuns(workspace, project, new URLSearchParams({ filter: settled, limit: "1" })).then(
      (page) => current && setCheck({ for: settled, total: page.total }),
      (error: unknown) => current && setCheck({ for: settled, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [settled, workspace, project]);
  const shown = check?.for === settled && settled ? check : null;
  return (
    <div className="space-y-1">
      <Input id={id} value={filter} onChange={(e) => onChange(e.target.value)} placeholder="params.lr < 0.01 and tags.baseline" className="font-mono text-xs" aria-label="Run filter" autoFocus />
      <p className="min-h-4 text-xs text-muted-foreground" role="status">
        {!settled ? (
          "Fields: params.<path>, metrics.<key>, tags.<tag>, name, status, author, group; bare words search names and notes."
        ) : shown?.error ? (
          <span className="text-destructive">{shown.error}</span>
        ) : shown ? (
          `Matches ${shown.total} ${shown.total === 1 ? "run" : "runs"}${(shown.total ?? 0) > MAX_BLOCK_RUNS ? ` (the newest ${MAX_BLOCK_RUNS} are shown)` : ""}.`
        ) : (
          "Checking…"
        )}
      </p>
    </div>
  );
}

function RunPicker({ picked, onChange }: { picked: string[]; onChange: (runs: string[]) => void }) {
  const { workspace, project } = useNotebookProject();
  const [search, setSearch] = useState("");
  const settled = useDebounced(search.trim(), 250);
  const [found, setFound] = useState<{ runs: RunSummary[] | null; error: string | null }>({ runs: null, error: null });
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    let current = true;
    // Bare words in the filter language search names, notes and tags.
    const query = new URLSearchParams({ limit: "30", sort: "-created" });
    if (settled) query.set("filter", `"${settled.replaceAll('"', " ")}"`);
    projectRuns(workspace, project, query).then(
      (page) => current && setFound({ runs: page.runs, error: null }),
      (error: unknown) => current && setFound({ runs: null, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [settled, workspace, project]);

  // Names of runs picked earlier that the search does not show.
  const pickedKey = picked.join(",");
  useEffect(() => {
    if (!pickedKey) return;
    let current = true;
    projectRuns(workspace, project, new URLSearchParams({ ids: pickedKey, limit: String(MAX_BLOCK_RUNS) })).then(
      (page) => current && setNames(new Map(page.runs.map((r) => [r.id, r.name]))),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [pickedKey, workspace, project]);

  const nameOf = (id: string) => names.get(id) ?? found.runs?.find((r) => r.id === id)?.name ?? id.slice(0, 8);
  const toggle = (id: string, on: boolean) => onChange(on ? [...picked, id].slice(0, MAX_BLOCK_RUNS) : picked.filter((x) => x !== id));

  return (
    <div className="space-y-2">
      {picked.length > 0 ? (
        <ul className="flex flex-wrap gap-1" aria-label="Picked runs">
          {picked.map((id) => (
            <li key={id} className="inline-flex items-center gap-1 rounded-md border bg-muted/50 py-0.5 pr-0.5 pl-2 text-xs">
              {nameOf(id)}
              <button type="button" className="rounded p-0.5 hover:bg-accent" aria-label={`Remove ${nameOf(id)}`} onClick={() => toggle(id, false)}>
                <XIcon className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-2.5 left-2.5 size-3.5 text-muted-foreground" />
        <Input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search runs by name, notes or tags" className="h-8 pl-8 text-xs" aria-label="Search runs" autoFocus />
      </div>
      <div className="max-h-52 overflow-y-auto rounded-md border">
        {found.error ? (
          <p className="p-3 text-xs text-destructive">{found.error}</p>
        ) : found.runs === null ? (
          <div className="flex justify-center p-3">
            <Spinner className="size-4 text-muted-foreground" />
          </div>
        ) : found.runs.length === 0 ? (
          <p className="p-3 text-xs text-muted-foreground">{settled ? "No run matches." : "This project has no runs yet."}</p>
        ) : (
          <ul>
            {found.runs.map((run) => (
              <li key={run.id}>
                <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-xs hover:bg-accent">
                  <Checkbox checked={picked.includes(run.id)} onCheckedChange={(on) => toggle(run.id, on === true)} aria-label={run.name} />
                  <span className="min-w-0 flex-1 truncate">{run.name}</span>
                  <span className="text-muted-foreground">{run.status}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/**
 * A searchable checklist of names (metric keys, columns), the chosen ones first, in the order
 * they were chosen.
 */
export function ChecklistField({
  label,
  options,
  chosen,
  onChange,
  loading = false,
  error = null,
  placeholder,
  empty,
}: {
  label: string;
  options: readonly string[];
  chosen: readonly string[];
  onChange: (next: string[]) => void;
  loading?: boolean;
  error?: string | null;
  placeholder: string;
  empty: string;
}) {
  const [search, setSearch] = useState("");
  const visible = useMemo(() => {
    const q = search.trim().toLowerCase();
    const rest = options.filter((o) => !chosen.includes(o) && (!q || o.toLowerCase().includes(q)));
    return [...chosen.filter((o) => !q || o.toLowerCase().includes(q)), ...rest].slice(0, 200);
  }, [options, chosen, search]);
  return (
    <div className="space-y-2">
      <Label>
        {label} <span className="font-normal text-muted-foreground">({chosen.length} chosen)</span>
      </Label>
      <Input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={placeholder} className="h-8 text-xs" aria-label={`Search ${label.toLowerCase()}`} />
      <div className="max-h-44 overflow-y-auto rounded-md border">
        {error ? (
          <p className="p-3 text-xs text-destructive">{error}</p>
        ) : loading && options.length === 0 ? (
          <div className="flex justify-center p-3">
            <Spinner className="size-4 text-muted-foreground" />
          </div>
        ) : visible.length === 0 ? (
          <p className="p-3 text-xs text-muted-foreground">{search ? "Nothing matches." : empty}</p>
        ) : (
          <ul>
            {visible.map((option) => (
              <li key={option}>
                <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 font-mono text-xs hover:bg-accent">
                  <Checkbox checked={chosen.includes(option)} onCheckedChange={(on) => onChange(on === true ? [...chosen, option] : chosen.filter((c) => c !== option))} aria-label={option} />
                  <span className="min-w-0 flex-1 truncate">{option}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
