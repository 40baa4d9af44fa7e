"use client";

import type { JSONContent } from "@tiptap/core";
import { EditorContent, useEditor } from "@tiptap/react";
import { BookmarkPlusIcon, HistoryIcon, RotateCcwIcon, XIcon } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { withNodeViews } from "@/app/_blocks/node-views";
import { RelativeTime } from "@/app/_components/relative-time";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/app/_components/ui/dialog";
import { Input } from "@/app/_components/ui/input";
import { api, errorMessage } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import { formatAbsolute } from "@/app/_lib/format";
import { editorExtensions } from "@/lib/editor/extensions";

interface Version {
  id: string;
  kind: "auto" | "named";
  name: string | null;
  author: { id: string; name: string } | null;
  createdAt: string;
}

/** A version's page, read-only, with the blocks drawn as on the live page. */
function VersionPreview({ content }: { content: JSONContent }) {
  const editor = useEditor({ immediatelyRender: false, editable: false, extensions: editorExtensions({ extend: withNodeViews }), content }, [content]);
  return <EditorContent editor={editor} className="notebook-editor" data-testid="version-preview" />;
}

/**
 * The page's version history: automatic and named versions (author, time, name), a read-only
 * preview of any of them, restoring one (as a new change; the history keeps the state before),
 * and naming the current state. Opened from the page header; Escape closes it.
 */
export function VersionHistory({ notebookId, canEdit }: { notebookId: string; canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-label="Version history" title="Version history">
        <HistoryIcon />
        History
      </Button>
      {open ? <HistoryDialog notebookId={notebookId} canEdit={canEdit} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function HistoryDialog({ notebookId, canEdit, onClose }: { notebookId: string; canEdit: boolean; onClose: () => void }) {
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ id: string; content: JSONContent } | { id: string; error: string } | null>(null);
  const [naming, setNaming] = useState(false);
  const [restoring, setRestoring] = useState(false);

  const load = useCallback(() => {
    setError(null);
    api<{ versions: Version[] }>(`/notebooks/${notebookId}/versions`).then(
      (answer) => {
        setVersions(answer.versions);
        setSelected((current) => current ?? answer.versions[0]?.id ?? null);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, [notebookId]);
  useEffect(load, [load]);

  useEffect(() => {
    if (!selected) return;
    let current = true;
    setPreview(null);
    api<{ content: JSONContent }>(`/notebooks/${notebookId}/versions/${selected}`).then(
      (answer) => current && setPreview({ id: selected, content: answer.content }),
      (caught: unknown) => current && setPreview({ id: selected, error: errorMessage(caught) }),
    );
    return () => {
      current = false;
    };
  }, [notebookId, selected]);

  const chosen = versions?.find((v) => v.id === selected) ?? null;
  const restore = async () => {
    if (!chosen) return;
    setRestoring(true);
    try {
      await api(`/notebooks/${notebookId}/versions/${chosen.id}/restore`, { method: "POST" });
      toast.success(`Restored ${chosen.name ? `“${chosen.name}”` : `the version of ${formatAbsolute(new Date(chosen.createdAt))}`}. The page before it is kept in the history.`);
      onClose();
    } catch (caught) {
      toast.error(`The version was not restored: ${errorMessage(caught)}`);
    } finally {
      setRestoring(false);
    }
  };

  return (
    <Dialog open onOpenChange={(next) => !next && onClose()}>
      <DialogContent className="flex h-[85vh] max-w-5xl flex-col gap-0 p-0 sm:max-w-5xl" data-testid="version-history">
        <DialogHeader className="border-b px-4 py-3">
          <DialogTitle>Version history</DialogTitle>
          <DialogDescription>Versions are saved after a pause in editing and at least hourly; name one to find it again.</DialogDescription>
        </DialogHeader>
        <div className="flex min-h-0 flex-1">
          <aside className="flex w-72 shrink-0 flex-col border-r">
            {canEdit ? (
              <div className="border-b p-2">
                <Button variant="outline" size="sm" className="w-full" onClick={() => setNaming(true)}>
                  <BookmarkPlusIcon />
                  Name current version
                </Button>
              </div>
            ) : null}
            <div className="min-h-0 flex-1 overflow-y-auto">
              {error ? (
                <div role="alert" className="space-y-2 p-4 text-sm">
                  <p className="text-destructive">{error}</p>
                  <Button size="sm" variant="outline" onClick={load}>
                    Try again
                  </Button>
                </div>
              ) : versions === null ? (
                <div className="flex justify-center p-6">
                  <Spinner className="size-5 text-muted-foreground" />
                </div>
              ) : versions.length === 0 ? (
                <p className="p-4 text-sm text-muted-foreground">No versions yet. One is saved after a pause in editing{canEdit ? ", or name the current state now" : ""}.</p>
              ) : (
                <ul aria-label="Versions">
                  {versions.map((version) => (
                    <li key={version.id}>
                      <button
                        type="button"
                        data-testid="version-item"
                        aria-current={version.id === selected}
                        className={cn("w-full border-b px-3 py-2 text-left text-sm hover:bg-accent", version.id === selected && "bg-accent")}
                        onClick={() => setSelected(version.id)}
                      >
                        <span className={cn("block truncate", version.kind === "named" ? "font-medium" : "text-muted-foreground")}>{version.name ?? "Automatic version"}</span>
                        <span className="block text-xs text-muted-foreground">
                          <RelativeTime date={version.createdAt} />
                          {version.author ? ` · ${version.author.name}` : ""}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </aside>
          <section className="flex min-w-0 flex-1 flex-col">
            <div className="flex items-center gap-2 border-b px-4 py-2 text-sm">
              <span className="min-w-0 flex-1 truncate text-muted-foreground">{chosen ? `Preview of ${chosen.name ? `“${chosen.name}”` : "an automatic version"}, ${formatAbsolute(new Date(chosen.createdAt))}` : "Preview"}</span>
              {canEdit && chosen ? (
                <Button size="sm" onClick={restore} disabled={restoring}>
                  {restoring ? <Spinner /> : <RotateCcwIcon />}
                  Restore this version
                </Button>
              ) : null}
              <Button variant="ghost" size="icon" className="size-8" onClick={onClose} aria-label="Close version history">
                <XIcon />
              </Button>
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto px-6 py-4">
              {!selected ? null : preview === null ? (
                <div className="flex justify-center p-6" aria-busy>
                  <Spinner className="size-5 text-muted-foreground" />
                </div>
              ) : "error" in preview ? (
                <p role="alert" className="text-sm text-destructive">
                  {preview.error}
                </p>
              ) : (
                <VersionPreview content={preview.content} />
              )}
            </div>
          </section>
        </div>
        {naming ? (
          <NameVersionDialog
            notebookId={notebookId}
            onClose={() => setNaming(false)}
            onNamed={(version) => {
              setNaming(false);
              setVersions((list) => [version, ...(list ?? [])]);
              setSelected(version.id);
            }}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function NameVersionDialog({ notebookId, onClose, onNamed }: { notebookId: string; onClose: () => void; onNamed: (version: Version) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <Dialog open onOpenChange={(next) => !next && onClose()}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Name the current version</DialogTitle>
          <DialogDescription>The page as it is now, kept under this name.</DialogDescription>
        </DialogHeader>
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            setSaving(true);
            setError(null);
            api<Version>(`/notebooks/${notebookId}/versions`, { body: { name } }).then(
              (version) => {
                toast.success(`Saved the version “${version.name ?? name}”.`);
                onNamed(version);
              },
              (caught: unknown) => {
                setError(errorMessage(caught));
                setSaving(false);
              },
            );
          }}
        >
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Before the ablation" maxLength={200} autoFocus aria-label="Version name" />
          {error ? (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={saving || !name.trim()}>
              {saving ? <Spinner /> : null}
              Save version
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
