import { DownloadIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { RelativeTime } from "@/app/_components/relative-time";
import { RunDuration } from "@/app/_components/run-duration";
import { RunStatusBadge } from "@/app/_components/run-status-badge";
import { KeyValueTable } from "@/app/_components/key-value-table";
import { Button } from "@/app/_components/ui/button";
import { readRepro } from "@/app/_lib/repro";
import { flattenParams, formatParamValue, isLive, runHref } from "@/app/_lib/runs";
import { getSessionUser, requireUser } from "@/app/_lib/session";
import { loadRun } from "@/app/_lib/tracking";
import { getProject, getWorkspaceAccess } from "@/app/_lib/workspace";
import { PresenceAvatars } from "@/app/_live/presence-avatars";
import { hasRole } from "@/lib/access/roles";
import { MetricsSummary } from "./metrics-summary";
import { RefreshWhileLive } from "./refresh-while-live";
import { RunBody } from "./run-body";
import { RunDecisions } from "./run-decisions";
import { RunName } from "./run-name";
import { RunNotes } from "./run-notes";
import { RunRepro } from "./run-repro";
import { runTabs, type RunTab } from "./run-tab";
import { RunTags } from "./run-tags";

type Props = {
  params: Promise<{ workspace: string; project: string; runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project, runId } = await params;
  const user = await getSessionUser();
  if (!user) return { title: `Run · ${project}` };
  const { run } = await loadRun(runId, user.id);
  return { title: `${run.name} · ${project}` };
}

export default async function RunPage({ params, searchParams }: Props) {
  const { workspace: workspaceSlug, project: projectSlug, runId } = await params;
  const user = await requireUser(`/${workspaceSlug}/${projectSlug}/runs/${runId}`);
  const { run, repro, role } = await loadRun(runId, user.id);
  // A run is reachable only under its own project; an old or hand-made link goes there.
  if (run.project !== `${workspaceSlug}/${projectSlug}`) redirect(runHref(run.project, run.id));
  const { workspace } = await getWorkspaceAccess(workspaceSlug, user.id);
  const project = await getProject(workspace.id, projectSlug);
  const requested = (await searchParams).tab;
  const tab: RunTab = runTabs.find((t) => t === requested) ?? "overview";
  const canEdit = hasRole(role, "editor");
  const paramRows = flattenParams(run.params).map(([key, value]) => [key, formatParamValue(value)] as const);

  return (
    <div className="space-y-8">
      <RefreshWhileLive runId={run.id} live={isLive(run)} />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-2">
          <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
            <Link href={`/${workspace.slug}`} className="hover:text-foreground">
              {workspace.name}
            </Link>
            <span className="px-1.5 text-muted-foreground/50">/</span>
            <Link href={`/${workspace.slug}/${project.slug}`} className="hover:text-foreground">
              {project.name}
            </Link>
          </nav>
          <RunName runId={run.id} name={run.name} canEdit={canEdit} />
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <RunStatusBadge status={run.status} />
            <span>{run.author ? `by ${run.author.name}` : "author unknown"}</span>
            <span>
              started <RelativeTime date={run.startedAt} />
            </span>
            <span>
              ran <RunDuration run={run} />
            </span>
            {run.group ? (
              <span>
                group <span className="font-mono text-xs text-foreground">{run.group}</span>
              </span>
            ) : null}
          </div>
          <RunTags runId={run.id} tags={run.tags} canEdit={canEdit} />
        </div>
        <div className="flex shrink-0 flex-col items-end gap-3">
          <Button asChild variant="outline" size="sm">
            <a href={`/api/v1/runs/${run.id}/metrics.csv`} download>
              <DownloadIcon />
              Download CSV
            </a>
          </Button>
          <PresenceAvatars runIds={[run.id]} />
        </div>
      </div>
      <RunBody
        run={{ id: run.id, name: run.name, startedAt: run.startedAt }}
        keys={run.metrics.map((m) => m.key)}
        initialTab={tab}
        workspace={workspace.slug}
        viewer={{ id: user.id, role }}
        overview={
          <div className="space-y-8">
            <div className="grid gap-8 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              <section className="space-y-3" aria-labelledby="params-heading">
                <h2 id="params-heading" className="text-sm font-medium">
                  Params
                </h2>
                {paramRows.length > 0 ? (
                  <KeyValueTable rows={paramRows} keyLabel="Param" valueLabel="Value" noun="params" />
                ) : (
                  <p className="text-sm text-muted-foreground">No params logged.</p>
                )}
              </section>
              <section className="space-y-3" aria-labelledby="notes-heading">
                <h2 id="notes-heading" className="text-sm font-medium">
                  Notes
                </h2>
                <RunNotes runId={run.id} notes={run.notes} canEdit={canEdit} />
              </section>
            </div>
            <section className="space-y-3" aria-labelledby="metrics-heading">
              <h2 id="metrics-heading" className="text-sm font-medium">
                Metrics
              </h2>
              <MetricsSummary metrics={run.metrics} />
            </section>
            <RunDecisions runId={run.id} project={run.project} />
          </div>
        }
        reproducibility={<RunRepro repro={readRepro(repro)} />}
      />
    </div>
  );
}
