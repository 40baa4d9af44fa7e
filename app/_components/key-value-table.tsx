"use client";

import { SearchIcon } from "lucide-react";
import { useState } from "react";
import { Input } from "@/app/_components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { cn } from "@/app/_lib/cn";

/** Key/value pairs (params, packages) in monospace, with a search box over keys and values. */
export function KeyValueTable({
  rows,
  keyLabel,
  valueLabel,
  noun,
  scroll,
}: {
  rows: readonly (readonly [string, string])[];
  keyLabel: string;
  valueLabel: string;
  /** Plural of what the rows are, for the search box and its empty result ("params"). */
  noun: string;
  /** Long lists (hundreds of packages) scroll inside the card instead of stretching the page. */
  scroll?: boolean;
}) {
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const shown = needle ? rows.filter(([key, value]) => key.toLowerCase().includes(needle) || value.toLowerCase().includes(needle)) : rows;
  return (
    <div className="grid gap-2">
      <div className="relative max-w-xs">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          aria-label={`Search ${noun}`}
          placeholder={`Search ${rows.length.toLocaleString("en")} ${noun}`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="h-8 pl-8"
          autoComplete="off"
        />
      </div>
      <div className={cn("rounded-xl border bg-card", scroll && "max-h-96 overflow-y-auto")}>
        <Table aria-label={noun} className="table-fixed">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="w-2/5 pl-4">{keyLabel}</TableHead>
              <TableHead className="pr-4">{valueLabel}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map(([key, value]) => (
              <TableRow key={key}>
                <TableCell className="truncate py-2 pl-4 font-mono text-xs text-muted-foreground" title={key}>
                  {key}
                </TableCell>
                <TableCell className="py-2 pr-4 font-mono text-xs break-all whitespace-pre-wrap">{value}</TableCell>
              </TableRow>
            ))}
            {shown.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={2} className="py-6 text-center text-sm whitespace-normal text-muted-foreground">
                  No {noun} match “{search.trim()}”.
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}
