import { ArrowLeftIcon, DownloadIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Button } from "@/app/_components/ui/button";
import { getSessionUser, requireUser } from "@/app/_lib/session";
import { loadNotebook } from "../load-notebook";
import { loadPrintData } from "./load-print-data";
import { PrintButton } from "./print-button";
import { StaticDocument } from "./static-document";
import "katex/dist/katex.min.css";
import "./print.css";

type Props = { params: Promise<{ workspace: string; project: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) return { title: "Print notebook" };
  const { notebook } = await loadNotebook(id, user.id);
  // The title is what "Save as PDF" suggests as the file name.
  return { title: { absolute: notebook.title } };
}

/** A notebook page for "print / save as PDF": read once, static, charts drawn once, A4 without the app around it. */
export default async function NotebookPrintPage({ params }: Props) {
  const { workspace: workspaceSlug, project: projectSlug, id } = await params;
  const user = await requireUser(`/${workspaceSlug}/${projectSlug}/notebooks/${id}/print`);
  const access = await loadNotebook(id, user.id);
  const { notebook, project, workspace } = access;
  const pagePath = `/${workspace.slug}/${project.slug}/notebooks/${notebook.id}`;
  if (workspace.slug !== workspaceSlug || project.slug !== projectSlug) redirect(`${pagePath}/print`);
  const { content, data, charts } = await loadPrintData(access, user.id);

  return (
    <div className="mx-auto max-w-[210mm] space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3 print:hidden">
        <Button asChild variant="ghost" size="sm">
          <Link href={pagePath}>
            <ArrowLeftIcon />
            Back to the notebook
          </Link>
        </Button>
        <div className="flex items-center gap-2">
          <Button asChild variant="outline">
            <a href={`/api/v1/notebooks/${notebook.id}/export.md`} download>
              <DownloadIcon />
              Export Markdown
            </a>
          </Button>
          <PrintButton />
        </div>
      </div>
      <div className="print-sheet rounded-lg border px-[15mm] py-[16mm] shadow-sm">
        <StaticDocument doc={content} data={data} charts={charts} />
      </div>
    </div>
  );
}
