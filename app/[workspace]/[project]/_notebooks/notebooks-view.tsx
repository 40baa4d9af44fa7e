"use client";

import { ArchiveRestoreIcon, NotebookPenIcon, PencilIcon, PlusIcon, SearchIcon, Trash2Icon, TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { Alert, AlertDescription, AlertTitle } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { api, errorMessage } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import { NotebookTitleDialog } from "./notebook-title-dialog";
import { searchNotebooks, useNotebooks, type NotebookItem } from "./use-notebooks";

function CreateNotebookButton({ project, size = "sm" }: { project: string; size?: "sm" | "default" }) {
  const router = useRouter();
  return (
    <NotebookTitleDialog
      trigger={
        <Button size={size}>
          <PlusIcon />
          New notebook
        </Button>
      }
      title="New notebook"
      description="A page your team writes together, with live charts of runs, comments and decisions. You can change the title later."
      submitLabel="Create"
      onSubmit={async (title) => {
        const { id } = await api<{ id: string }>("/notebooks", { body: { project, title } });
        router.push(`/${project}/notebooks/${id}`);
      }}
    />
  );
}

function NotebookRow({ notebook, canEdit, onChanged }: { notebook: NotebookItem; canEdit: boolean; onChanged: () => void }) {
  const deleted = notebook.deletedAt !== null;
  const [restoring, setRestoring] = useState(false);
  return (
    <li data-testid="notebook-row" data-title={notebook.title} className="group flex items-center gap-3 px-4 py-3 hover:bg-muted/40">
      <NotebookPenIcon className="size-4 shrink-0 text-muted-foreground" />
      <div className="min-w-0 flex-1">
        {deleted ? (
          <span className="block truncate font-medium text-muted-foreground">{notebook.title}</span>
        ) : (
          <Link href={notebook.path} className="block truncate font-medium hover:underline">
            {notebook.title}
          </Link>
        )}
        <p className="text-xs text-muted-foreground">
          {deleted ? "deleted" : "edited"} <RelativeTime date={notebook.deletedAt ?? notebook.updatedAt} />
        </p>
      </div>
      {canEdit && deleted ? (
        <Button
          variant="outline"
          size="sm"
          disabled={restoring}
          onClick={() => {
            setRestoring(true);
            api(`/notebooks/${notebook.id}/restore`, { method: "POST" })
              .then(() => {
                toast.success(`Restored “${notebook.title}”`);
                onChanged();
              })
              .catch((error: unknown) => toast.error(errorMessage(error)))
              .finally(() => setRestoring(false));
          }}
        >
          <ArchiveRestoreIcon />
          Restore
        </Button>
      ) : null}
      {canEdit && !deleted ? (
        <div className="flex gap-1 opacity-100 sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
          <NotebookTitleDialog
            trigger={
              <Button variant="ghost" size="icon" aria-label={`Rename ${notebook.title}`} title="Rename">
                <PencilIcon />
              </Button>
            }
            title="Rename notebook"
            description="The page's title changes for everyone; its address stays the same."
            submitLabel="Rename"
            initialTitle={notebook.title}
            onSubmit={async (title) => {
              await api(`/notebooks/${notebook.id}`, { method: "PATCH", body: { title } });
              onChanged();
            }}
          />
          <ConfirmDialog
            trigger={
              <Button variant="ghost" size="icon" aria-label={`Delete ${notebook.title}`} title="Delete">
                <Trash2Icon />
              </Button>
            }
            title={`Delete “${notebook.title}”?`}
            description="It moves to Deleted, where an editor can restore it with its content and history."
            confirmLabel="Delete"
            onConfirm={async () => {
              await api(`/notebooks/${notebook.id}`, { method: "DELETE" });
              toast.success(`Deleted “${notebook.title}”`);
              onChanged();
            }}
          />
        </div>
      ) : null}
    </li>
  );
}

/** The project's notebooks: search by title, create, rename, delete, and restore from Deleted. */
export function NotebooksView({ project, canEdit }: { project: string; canEdit: boolean }) {
  const [showDeleted, setShowDeleted] = useState(false);
  const [query, setQuery] = useState("");
  const { state, reload } = useNotebooks(project, showDeleted);
  const shown = useMemo(() => (state.kind === "ready" ? searchNotebooks(state.notebooks, query) : []), [state, query]);

  if (state.kind === "ready" && state.notebooks.length === 0 && !showDeleted && query === "") {
    return (
      <div className="space-y-3">
        <EmptyState icon={NotebookPenIcon} title="No notebooks yet" action={canEdit ? <CreateNotebookButton project={project} size="default" /> : null}>
          Notebooks are shared write-ups your team edits together, with live charts of runs next to notes, review comments and decisions.
          {canEdit ? null : " Editors of this workspace can start one."}
        </EmptyState>
        <div className="text-center">
          <Button variant="link" size="sm" onClick={() => setShowDeleted(true)}>
            Show deleted notebooks
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-48 flex-1 sm:max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            aria-label="Search notebooks"
            placeholder="Search by title"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="pl-8"
          />
        </div>
        <div role="group" aria-label="Which notebooks" className="inline-flex rounded-md border p-0.5">
          {[false, true].map((deleted) => (
            <button
              key={String(deleted)}
              type="button"
              aria-pressed={showDeleted === deleted}
              onClick={() => setShowDeleted(deleted)}
              className={cn(
                "rounded px-2.5 py-1 text-xs font-medium text-muted-foreground",
                showDeleted === deleted && "bg-muted text-foreground",
              )}
            >
              {deleted ? "Deleted" : "Notebooks"}
            </button>
          ))}
        </div>
        <div className="flex-1" />
        {canEdit ? <CreateNotebookButton project={project} /> : null}
      </div>
      {state.kind === "loading" ? (
        <div className="space-y-2" aria-busy>
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
        </div>
      ) : state.kind === "error" ? (
        <Alert variant="destructive">
          <TriangleAlertIcon />
          <AlertTitle>The notebooks could not be loaded</AlertTitle>
          <AlertDescription>
            <p>{state.message}</p>
            <Button variant="outline" size="sm" className="mt-2" onClick={reload}>
              Try again
            </Button>
          </AlertDescription>
        </Alert>
      ) : shown.length === 0 ? (
        <p className="rounded-xl border border-dashed px-4 py-10 text-center text-sm text-muted-foreground">
          {query ? `No ${showDeleted ? "deleted " : ""}notebook matches “${query}”.` : showDeleted ? "Nothing deleted. Deleted notebooks wait here until restored." : "No notebooks."}
        </p>
      ) : (
        <ul aria-label={showDeleted ? "Deleted notebooks" : "Notebooks"} className="divide-y rounded-xl border">
          {shown.map((notebook) => (
            <NotebookRow key={notebook.id} notebook={notebook} canEdit={canEdit} onChanged={reload} />
          ))}
        </ul>
      )}
    </div>
  );
}
