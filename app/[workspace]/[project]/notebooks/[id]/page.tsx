import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ExportMenu } from "@/app/_editor/export-menu";
import { NotebookEditor } from "@/app/_editor/notebook-editor";
import { VersionHistory } from "@/app/_editor/version-history";
import { getSessionUser, requireUser } from "@/app/_lib/session";
import { hasRole } from "@/lib/access/roles";
import { loadNotebook } from "./load-notebook";

type Props = { params: Promise<{ workspace: string; project: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { project, id } = await params;
  const user = await getSessionUser();
  if (!user) return { title: `Notebook · ${project}` };
  const { notebook, project: owner } = await loadNotebook(id, user.id);
  return { title: `${notebook.title} · ${owner.name}` };
}

export default async function NotebookPage({ params }: Props) {
  const { workspace: workspaceSlug, project: projectSlug, id } = await params;
  const user = await requireUser(`/${workspaceSlug}/${projectSlug}/notebooks/${id}`);
  const { notebook, project, workspace, role } = await loadNotebook(id, user.id);
  // A notebook lives under its own project; an old or hand-made link goes there.
  if (workspace.slug !== workspaceSlug || project.slug !== projectSlug) redirect(`/${workspace.slug}/${project.slug}/notebooks/${notebook.id}`);

  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href={`/${workspace.slug}`} className="hover:text-foreground">
            {workspace.name}
          </Link>
          <span className="px-1.5 text-muted-foreground/50">/</span>
          <Link href={`/${workspace.slug}/${project.slug}?tab=notebooks`} className="hover:text-foreground">
            {project.name}
          </Link>
          <span className="px-1.5 text-muted-foreground/50">/</span>
          <span>Notebooks</span>
        </nav>
        <div className="flex items-center gap-1">
          <VersionHistory notebookId={notebook.id} canEdit={hasRole(role, "editor")} />
          <ExportMenu notebookId={notebook.id} workspace={workspace.slug} project={project.slug} />
        </div>
      </div>
      <NotebookEditor notebookId={notebook.id} title={notebook.title} user={{ id: user.id, name: user.name }} canEdit={hasRole(role, "editor")} />
    </div>
  );
}
