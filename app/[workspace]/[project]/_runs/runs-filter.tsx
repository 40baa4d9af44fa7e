"use client";

import { CircleHelpIcon, SearchIcon, XIcon } from "lucide-react";
import { useEffect } from "react";
import { Spinner } from "@/app/_components/spinner";
import { Input } from "@/app/_components/ui/input";
import { Popover, PopoverContent, PopoverTrigger } from "@/app/_components/ui/popover";

/** Typing settles for this long before the filter is sent; Enter sends at once. */
const DEBOUNCE_MS = 400;

const examples: ReadonlyArray<[string, string]> = [
  ["params.lr < 0.01 and tags.baseline", "params and tags"],
  ["metrics.val/loss.min <= 0.3", "a metric's min (or .max, .last)"],
  ["status = crashed or status = failed", "status, name, author, group, notes"],
  ["not tags.ablation", "negation; parentheses group"],
  ['resnet "data aug"', "bare words search names, notes and tags"],
];

/** The runs filter box: the filter language, applied as you type, its error shown beneath. */
export function RunsFilter({
  draft,
  onDraftChange,
  onApply,
  error,
  pending,
}: {
  draft: string;
  onDraftChange: (draft: string) => void;
  onApply: (filter: string) => void;
  error: string | null;
  pending: boolean;
}) {
  useEffect(() => {
    const timer = setTimeout(() => onApply(draft.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, onApply]);

  return (
    <div className="grid min-w-0 flex-1 gap-1.5">
      <div className="relative">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          type="text"
          role="searchbox"
          aria-label="Filter runs"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "runs-filter-error" : undefined}
          placeholder="Filter runs, e.g. params.lr < 0.01 and tags.baseline"
          value={draft}
          onChange={(e) => onDraftChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              onApply(draft.trim());
            } else if (e.key === "Escape" && draft) {
              onDraftChange("");
              onApply("");
            }
          }}
          className="h-8 pr-16 pl-8 font-mono text-[13px]"
          spellCheck={false}
          autoComplete="off"
        />
        <div className="absolute top-1/2 right-1.5 flex -translate-y-1/2 items-center gap-0.5">
          {pending ? <Spinner className="size-3.5 text-muted-foreground" /> : null}
          {draft ? (
            <button
              type="button"
              aria-label="Clear filter"
              className="rounded p-1 text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
              onClick={() => {
                onDraftChange("");
                onApply("");
              }}
            >
              <XIcon className="size-3.5" />
            </button>
          ) : null}
          <Popover>
            <PopoverTrigger
              aria-label="Filter syntax"
              className="rounded p-1 text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <CircleHelpIcon className="size-3.5" />
            </PopoverTrigger>
            <PopoverContent align="end" className="w-96 text-sm">
              <p className="font-medium">Filter syntax</p>
              <p className="mt-1 text-xs text-muted-foreground">
                Compare with <code className="font-mono">= != &lt; &lt;= &gt; &gt;= ~</code> (contains); a field alone tests that it is present.
                Terms side by side mean <code className="font-mono">and</code>.
              </p>
              <dl className="mt-3 grid gap-2">
                {examples.map(([example, meaning]) => (
                  <div key={example}>
                    <dt>
                      <button
                        type="button"
                        className="rounded font-mono text-xs text-foreground underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                        onClick={() => {
                          onDraftChange(example);
                          onApply(example);
                        }}
                      >
                        {example}
                      </button>
                    </dt>
                    <dd className="text-xs text-muted-foreground">{meaning}</dd>
                  </div>
                ))}
              </dl>
            </PopoverContent>
          </Popover>
        </div>
      </div>
      {error ? (
        <p id="runs-filter-error" role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
