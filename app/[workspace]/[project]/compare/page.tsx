import { GitCompareArrowsIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/_components/empty-state";
import { Button } from "@/app/_components/ui/button";
import { requireUser } from "@/app/_lib/session";
import { getProject, getWorkspaceAccess } from "@/app/_lib/workspace";
import { PresenceAvatars } from "@/app/_live/presence-avatars";
import { CompareView } from "./compare-view";
import { MAX_COMPARE_RUNS } from "./compare-types";
import { loadCompareRuns, parseRunIds } from "./load-compare-runs";

type Props = {
  params: Promise<{ workspace: string; project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project } = await params;
  return { title: `Compare runs · ${project}` };
}

export default async function ComparePage({ params, searchParams }: Props) {
  const { workspace: workspaceSlug, project: projectSlug } = await params;
  const query = await searchParams;
  const { ids, truncated } = parseRunIds(query.runs);
  const path = `/${workspaceSlug}/${projectSlug}`;
  const user = await requireUser(`${path}/compare?runs=${ids.join(",")}`);
  const { workspace } = await getWorkspaceAccess(workspaceSlug, user.id);
  const project = await getProject(workspace.id, projectSlug);
  const projectPath = `${workspace.slug}/${project.slug}`;
  const { runs, missing } = await loadCompareRuns(ids, projectPath, user.id);

  return (
    <div className="space-y-8">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
            <Link href={`/${workspace.slug}`} className="hover:text-foreground">
              {workspace.name}
            </Link>
            <span className="px-1.5 text-muted-foreground/50">/</span>
            <Link href={`/${projectPath}`} className="hover:text-foreground">
              {project.name}
            </Link>
          </nav>
          <h1 className="text-2xl font-semibold tracking-tight">
            Comparing {runs.length} {runs.length === 1 ? "run" : "runs"}
          </h1>
          {missing > 0 || truncated ? (
            <p role="status" className="text-sm text-muted-foreground">
              {missing > 0 ? `${missing} of the requested runs could not be found in this project. ` : ""}
              {truncated ? `Only the first ${MAX_COMPARE_RUNS} runs are compared.` : ""}
            </p>
          ) : null}
        </div>
        {runs.length > 0 ? <PresenceAvatars runIds={runs.map((r) => r.id)} className="shrink-0" /> : null}
      </div>
      {runs.length === 0 ? (
        <EmptyState
          icon={GitCompareArrowsIcon}
          title="No runs to compare"
          action={
            <Button asChild variant="outline" size="sm">
              <Link href={`/${projectPath}`}>Choose runs</Link>
            </Button>
          }
        >
          Select two or more runs in the runs table and press Compare.
        </EmptyState>
      ) : (
        <CompareView project={projectPath} runs={runs} />
      )}
    </div>
  );
}
