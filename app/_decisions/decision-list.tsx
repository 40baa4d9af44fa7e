import { ActivityIcon, CalendarIcon, NotebookPenIcon, UserIcon } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/app/_components/relative-time";
import { runHref } from "@/app/_lib/runs";
import { DecisionStatusBadge } from "./decision-status-badge";
import type { DecisionItem } from "./decision-types";

function DecisionRow({ item, project }: { item: DecisionItem; project: string }) {
  const summary = item.decision || item.context || item.rationale;
  return (
    <li data-testid="decision-row" data-decision-id={item.decisionId} className="space-y-1.5 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <DecisionStatusBadge status={item.status} />
        <Link href={item.path} className="min-w-0 truncate font-medium hover:underline">
          {item.title || "Untitled decision"}
        </Link>
      </div>
      {summary ? <p className="line-clamp-2 text-sm whitespace-pre-line text-muted-foreground">{summary}</p> : null}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
        <Link href={item.path} className="inline-flex items-center gap-1 hover:text-foreground">
          <NotebookPenIcon className="size-3" aria-hidden />
          {item.notebookTitle || "Untitled notebook"}
        </Link>
        <span className="inline-flex items-center gap-1">
          <UserIcon className="size-3" aria-hidden />
          {item.owner ? item.owner.name : "no owner"}
        </span>
        {item.date ? (
          <span className="inline-flex items-center gap-1">
            <CalendarIcon className="size-3" aria-hidden />
            {item.date}
          </span>
        ) : null}
        <span>
          changed <RelativeTime date={item.updatedAt} />
        </span>
      </div>
      {item.runs.length > 0 ? (
        <ul aria-label="Linked runs" className="flex flex-wrap gap-1.5">
          {item.runs.map((run) => (
            <li key={run.id}>
              <Link
                href={runHref(project, run.id)}
                className="inline-flex items-center gap-1 rounded-md border px-1.5 py-0.5 font-mono text-xs hover:bg-muted"
              >
                <ActivityIcon className="size-3" aria-hidden />
                {run.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** Decisions as rows: status, title linking to the block, notebook, owner, date and linked runs. */
export function DecisionList({ items, project, label = "Decisions" }: { items: readonly DecisionItem[]; project: string; label?: string }) {
  return (
    <ul aria-label={label} className="divide-y rounded-xl border">
      {items.map((item) => (
        <DecisionRow key={`${item.notebookId}:${item.decisionId}`} item={item} project={project} />
      ))}
    </ul>
  );
}
