import { ActivityIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CodeBlock } from "@/app/_components/code-block";
import { EmptyState } from "@/app/_components/empty-state";
import { publicOrigin } from "@/app/_lib/origin";
import { getSessionUser, requireUser } from "@/app/_lib/session";
import { loadRunsPage } from "@/app/_lib/tracking";
import { getProject, getWorkspaceAccess } from "@/app/_lib/workspace";
import { hasRole } from "@/lib/access/roles";
import { projectTabs, type ProjectTab } from "./project-tab";
import { ProjectTabs } from "./project-tabs";
import { RenameProjectDialog } from "./rename-project-dialog";
import { DecisionsView } from "./_decisions/decisions-view";
import { NotebooksView } from "./_notebooks/notebooks-view";
import { RunsView } from "./_runs/runs-view";

type Props = {
  params: Promise<{ workspace: string; project: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { workspace, project } = await params;
  const user = await getSessionUser();
  if (!user) return { title: `${workspace}/${project}` };
  const access = await getWorkspaceAccess(workspace, user.id);
  return { title: `${(await getProject(access.workspace.id, project)).name} · ${access.workspace.name}` };
}

function RunsEmpty({ path, origin }: { path: string; origin: string }) {
  const python = `import labbook

run = labbook.init(project="${path}")
run.log({"train/loss": loss}, step=step)`;
  const mlflow = `export MLFLOW_TRACKING_URI=${origin}
export MLFLOW_TRACKING_TOKEN=<your API key>`;
  return (
    <EmptyState icon={ActivityIcon} title="No runs yet">
      <p>Log a run from your training script and it appears here within a second, curves streaming live.</p>
      <div className="mt-6 grid w-full max-w-2xl gap-3 text-left">
        <CodeBlock label="Python client" code={python} />
        <CodeBlock label="Or keep your MLflow code and point it at Labbook" code={mlflow} />
        <p className="text-xs">
          Scripts authenticate with an API key; create one under{" "}
          <Link href="/settings/api-keys" className="font-medium text-foreground underline-offset-4 hover:underline">
            API keys
          </Link>
          .
        </p>
      </div>
    </EmptyState>
  );
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

export default async function ProjectPage({ params, searchParams }: Props) {
  const { workspace: workspaceSlug, project: projectSlug } = await params;
  const user = await requireUser(`/${workspaceSlug}/${projectSlug}`);
  const { workspace, role } = await getWorkspaceAccess(workspaceSlug, user.id);
  const project = await getProject(workspace.id, projectSlug);
  const query = await searchParams;
  const tab: ProjectTab = projectTabs.find((t) => t === query.tab) ?? "runs";
  const path = `${workspace.slug}/${project.slug}`;
  const runsQuery = { filter: single(query.filter), sort: single(query.sort) };
  const [firstPage, origin] = await Promise.all([loadRunsPage(project, runsQuery), publicOrigin()]);

  return (
    <div className="space-y-8">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
            <Link href={`/${workspace.slug}`} className="hover:text-foreground">
              {workspace.name}
            </Link>
            <span className="px-1.5 text-muted-foreground/50">/</span>
            <span className="font-mono text-xs">{project.slug}</span>
          </nav>
          <h1 className="truncate text-2xl font-semibold tracking-tight">{project.name}</h1>
          <p className="max-w-2xl text-sm whitespace-pre-line text-muted-foreground">{project.description || "No description yet."}</p>
        </div>
        {hasRole(role, "editor") ? (
          <RenameProjectDialog workspace={workspace.slug} project={{ slug: project.slug, name: project.name, description: project.description }} />
        ) : null}
      </div>
      <ProjectTabs
        initial={tab}
        runs={
          <RunsView
            project={path}
            initialQuery={runsQuery}
            initialPage={firstPage.ok ? firstPage.page : null}
            initialError={firstPage.ok ? null : firstPage.message}
            empty={<RunsEmpty path={path} origin={origin} />}
          />
        }
        notebooks={<NotebooksView project={path} canEdit={hasRole(role, "editor")} />}
        decisions={<DecisionsView project={path} />}
      />
    </div>
  );
}
