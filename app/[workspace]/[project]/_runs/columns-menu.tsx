"use client";

import { Columns3Icon, SearchIcon } from "lucide-react";
import { useId, useState, type ReactNode } from "react";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { Checkbox } from "@/app/_components/ui/checkbox";
import { Input } from "@/app/_components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/app/_components/ui/popover";
import { cn } from "@/app/_lib/cn";
import { metricAggs, metricColumn, paramColumn } from "./run-columns";

/** Picks the param and metric-summary columns of the runs table. */
export function ColumnsMenu({
  paramPaths,
  metricKeys,
  metricKeysLoading,
  metricKeysError,
  selected,
  onChange,
  onReset,
  onOpen,
}: {
  paramPaths: readonly string[];
  metricKeys: readonly string[];
  metricKeysLoading: boolean;
  /** Why the metric keys could not be loaded (they are asked again on the next open). */
  metricKeysError?: string | null;
  /** Chosen column ids, in display order. */
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  onReset: () => void;
  onOpen: () => void;
}) {
  const [search, setSearch] = useState("");
  const searchId = useId();
  const needle = search.trim().toLowerCase();
  const params = paramPaths.filter((p) => p.toLowerCase().includes(needle));
  const metrics = metricKeys.filter((k) => k.toLowerCase().includes(needle));
  const chosen = new Set(selected);
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected.filter((s) => s !== id), id] : selected.filter((s) => s !== id));

  return (
    <Popover
      onOpenChange={(open) => {
        if (open) onOpen();
        else setSearch("");
      }}
    >
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm">
          <Columns3Icon />
          Columns
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-80 p-0">
        <div className="relative border-b p-2">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-4.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            id={searchId}
            aria-label="Search columns"
            placeholder="Search params and metrics"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="h-8 pl-8"
            autoComplete="off"
          />
        </div>
        <div className="max-h-80 overflow-y-auto p-1" role="group" aria-label="Columns">
          <SectionLabel>Params</SectionLabel>
          {params.length === 0 ? <Hint>{paramPaths.length === 0 ? "No params logged yet." : "No matching params."}</Hint> : null}
          {params.map((path) => {
            const id = paramColumn(path).id;
            return (
              <label key={id} className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm hover:bg-accent">
                <Checkbox checked={chosen.has(id)} onCheckedChange={(on) => toggle(id, on === true)} />
                <span className="min-w-0 truncate font-mono text-xs">{path}</span>
              </label>
            );
          })}
          <SectionLabel>
            Metrics
            {metricKeysLoading ? <Spinner className="size-3" /> : null}
          </SectionLabel>
          {metricKeysError ? <Hint>{metricKeysError}</Hint> : null}
          {metrics.length === 0 && !metricKeysLoading && !metricKeysError ? <Hint>{metricKeys.length === 0 ? "No metrics logged yet." : "No matching metrics."}</Hint> : null}
          {metrics.map((key) => (
            <div key={key} className="flex items-center gap-2 rounded-sm px-2 py-1 text-sm hover:bg-accent/60">
              <span className="min-w-0 flex-1 truncate font-mono text-xs" title={key}>
                {key}
              </span>
              <div className="flex shrink-0 gap-0.5" role="group" aria-label={`Columns for ${key}`}>
                {metricAggs.map((agg) => {
                  const id = metricColumn(key, agg).id;
                  const on = chosen.has(id);
                  return (
                    <button
                      key={agg}
                      type="button"
                      aria-pressed={on}
                      aria-label={`${key} ${agg}`}
                      onClick={() => toggle(id, !on)}
                      className={cn(
                        "rounded px-1.5 py-0.5 text-[11px] font-medium text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
                        on && "bg-primary text-primary-foreground hover:bg-primary/90 hover:text-primary-foreground",
                      )}
                    >
                      {agg}
                    </button>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
        <div className="flex items-center justify-between border-t px-3 py-2 text-xs text-muted-foreground">
          <span>{selected.length === 0 ? "No extra columns" : `${selected.length} shown`}</span>
          <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" onClick={onReset}>
            Reset
          </Button>
        </div>
      </PopoverContent>
    </Popover>
  );
}

function SectionLabel({ children }: { children: ReactNode }) {
  return <div className="flex items-center gap-1.5 px-2 pt-2 pb-1 text-xs font-medium text-muted-foreground">{children}</div>;
}

function Hint({ children }: { children: ReactNode }) {
  return <p className="px-2 py-1.5 text-xs text-muted-foreground">{children}</p>;
}
