import { FolderIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { RelativeTime } from "@/app/_components/relative-time";
import { services } from "@/app/_lib/services";
import { getSessionUser, requireUser } from "@/app/_lib/session";
import { getWorkspaceAccess } from "@/app/_lib/workspace";
import { hasRole } from "@/lib/access/roles";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateProjectDialog } from "./create-project-dialog";

type Props = { params: Promise<{ workspace: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { workspace } = await params;
  const user = await getSessionUser();
  return { title: user ? (await getWorkspaceAccess(workspace, user.id)).workspace.name : workspace };
}

export default async function ProjectsPage({ params }: Props) {
  const { workspace: slug } = await params;
  const user = await requireUser(`/${slug}`);
  const { workspace, role } = await getWorkspaceAccess(slug, user.id);
  const { database } = await services();
  const projects = await listProjects(database.db, workspace.id);
  const canCreate = hasRole(role, "editor");
  const create = canCreate ? <CreateProjectDialog workspace={workspace.slug} /> : null;

  return (
    <div className="space-y-8">
      <PageHeader
        title="Projects"
        description={
          <>
            {workspace.name} · you are <span className="font-medium text-foreground">{role}</span>
          </>
        }
        actions={projects.length > 0 ? create : null}
      />
      {projects.length === 0 ? (
        <EmptyState icon={FolderIcon} title="No projects yet" action={create}>
          {canCreate
            ? "A project groups the runs, notebooks and decisions of one line of work. Create one to start logging runs."
            : "An editor or admin of this workspace can create the first project. You will see it here."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {projects.map((project) => (
            <li key={project.id}>
              <Link
                href={`/${workspace.slug}/${project.slug}`}
                className="group flex h-full flex-col gap-3 rounded-xl border bg-card p-5 shadow-xs transition-colors outline-none hover:border-foreground/20 focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                <div className="min-w-0">
                  <div className="truncate font-medium group-hover:underline group-hover:underline-offset-4">{project.name}</div>
                  <div className="truncate font-mono text-xs text-muted-foreground">
                    {workspace.slug}/{project.slug}
                  </div>
                </div>
                <p className="line-clamp-2 flex-1 text-sm text-muted-foreground">{project.description || "No description"}</p>
                <div className="text-xs text-muted-foreground">
                  Updated <RelativeTime date={project.updatedAt} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
