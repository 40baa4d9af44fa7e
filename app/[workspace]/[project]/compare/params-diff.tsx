"use client";

import { SearchIcon } from "lucide-react";
import { useId, useState } from "react";
import { Checkbox } from "@/app/_components/ui/checkbox";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { cn } from "@/app/_lib/cn";
import type { ParamRow } from "./compare-data";
import type { CompareRun } from "./compare-types";

/**
 * The runs' params side by side, one row per param: rows where runs disagree are marked,
 * and within them each cell that differs from the value most runs share is highlighted.
 */
export function ParamsDiff({ runs, rows, colors }: { runs: readonly CompareRun[]; rows: readonly ParamRow[]; colors: ReadonlyMap<string, string> }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const [search, setSearch] = useState("");
  const toggleId = useId();
  const differing = rows.filter((r) => r.differs).length;
  const needle = search.trim().toLowerCase();
  const shown = rows.filter((r) => (!onlyDiffering || r.differs) && (!needle || r.path.toLowerCase().includes(needle)));

  return (
    <section aria-labelledby="params-diff" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="params-diff" className="text-sm font-medium">
          Params
        </h2>
        <span className="text-xs text-muted-foreground tabular-nums" data-testid="params-differing">
          {differing} of {rows.length} differ
        </span>
        <div className="ml-auto flex items-center gap-3">
          <div className="flex items-center gap-2">
            <Checkbox id={toggleId} checked={onlyDiffering} onCheckedChange={(on) => setOnlyDiffering(on === true)} />
            <Label htmlFor={toggleId} className="text-xs font-normal">
              Only differences
            </Label>
          </div>
          <div className="relative w-56">
            <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input aria-label="Search params" placeholder="Search params" value={search} onChange={(e) => setSearch(e.target.value)} className="h-8 pl-8 text-xs" autoComplete="off" />
          </div>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">None of these runs logged params.</p>
      ) : (
        <div className="max-h-[32rem] overflow-auto rounded-xl border bg-card">
          {/* A bare table: the Table wrapper's own scroll box would stop the header sticking. */}
          <table aria-label="Params by run" className="w-max min-w-full caption-bottom text-sm">
            <TableHeader className="sticky top-0 z-20 bg-card">
              <TableRow className="hover:bg-transparent">
                <TableHead className="sticky left-0 z-10 min-w-48 bg-card pl-4">Param</TableHead>
                {runs.map((run) => (
                  <TableHead key={run.id} className="max-w-40 min-w-24">
                    <span className="flex items-center gap-1.5">
                      <span aria-hidden className="size-2 shrink-0 rounded-full" style={{ backgroundColor: colors.get(run.id) }} />
                      <span className="truncate" title={run.name}>
                        {run.name}
                      </span>
                    </span>
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((row) => (
                <TableRow key={row.path} data-testid="param-row" data-param={row.path} data-differs={row.differs}>
                  <TableCell className={cn("sticky left-0 z-10 bg-card py-1.5 pl-4 font-mono text-xs", row.differs && "border-l-2 border-l-amber-500 font-medium")}>
                    {row.path}
                    {row.differs ? <span className="sr-only"> (differs)</span> : null}
                  </TableCell>
                  {row.text.map((text, i) => {
                    const odd = row.differs && text !== row.common;
                    return (
                      <TableCell
                        key={runs[i]?.id ?? i}
                        data-differs={odd}
                        title={text}
                        className={cn("max-w-40 truncate py-1.5 font-mono text-xs tabular-nums", odd && "bg-amber-500/15 font-medium text-foreground", text === "—" && "text-muted-foreground")}
                      >
                        {text}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </table>
          {shown.length === 0 ? <p className="p-4 text-sm text-muted-foreground">No params match.</p> : null}
        </div>
      )}
    </section>
  );
}
