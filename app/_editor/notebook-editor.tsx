"use client";

import { EyeIcon, MessageSquareIcon, RotateCwIcon, TriangleAlertIcon } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { NotebookCommentsPanel } from "@/app/_comments/notebook-comments-panel";
import { Alert, AlertDescription, AlertTitle } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { api, errorMessage } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import { ConnectionStatus } from "./connection-status";
import { EditorSurface } from "./editor-surface";
import { PresenceAvatars, usePageUsers, type PageUser } from "./presence";
import { useCollabSession } from "./use-collab-session";
import { usePageComments } from "./use-page-comments";
import { colorForUser } from "./user-color";
import "katex/dist/katex.min.css";
import "./comment-highlights.css";
import "./editor.css";

/** Where the comments panel sits beside the text instead of over it (Tailwind's `xl`). */
const WIDE_QUERY = "(min-width: 80rem)";

function onWideChange(listener: () => void): () => void {
  const query = window.matchMedia(WIDE_QUERY);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

/** Whether the window is wide enough for the comments margin. */
function useWide(): boolean {
  return useSyncExternalStore(onWideChange, () => window.matchMedia(WIDE_QUERY).matches, () => false);
}

const TITLE_SAVE_DELAY_MS = 800;

export interface NotebookEditorProps {
  notebookId: string;
  /** The notebook record's title (the page's own title may not be written yet). */
  title: string;
  user: { id: string; name: string };
  /** Editors and above write; commenters and viewers read along live. */
  canEdit: boolean;
}

/** Keeps the notebook record's title (lists, search, tab titles) in step with the page's title. */
function useTitleSaver(notebookId: string) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(
    (title: string) => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        api(`/notebooks/${notebookId}`, { method: "PATCH", body: { title: title || "Untitled", fromPage: true } }).catch((error: unknown) =>
          toast.error(`The title was not saved: ${errorMessage(error)}`),
        );
      }, TITLE_SAVE_DELAY_MS);
    },
    [notebookId],
  );
}

/** A notebook page: the collaborative editor with who is here and whether changes are saved. */
export function NotebookEditor({ notebookId, title, user, canEdit }: NotebookEditorProps) {
  const { session, state, synced } = useCollabSession(notebookId);
  const self: PageUser = useMemo(() => ({ id: user.id, name: user.name, color: colorForUser(user.id) }), [user.id, user.name]);
  const saveTitle = useTitleSaver(notebookId);
  // Until the first sync the local document is empty; typing into it would add a second title
  // and body beside the server's. After that, edits made offline merge when the socket returns.
  const editable = canEdit && synced && state.kind !== "refused";
  const comments = usePageComments(notebookId, user.id);
  const wide = useWide();
  // Wide screens show the panel in the right margin unless hidden; narrow ones open it over the page.
  const [wideHidden, setWideHidden] = useState(false);
  const [narrowOpen, setNarrowOpen] = useState(false);
  const [seenAttention, setSeenAttention] = useState(comments.attention);
  if (comments.attention !== seenAttention) {
    setSeenAttention(comments.attention);
    setWideHidden(false);
    setNarrowOpen(true);
  }
  // The panel over a narrow page closes with Escape, like a sheet.
  useEffect(() => {
    if (wide || !narrowOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) setNarrowOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [wide, narrowOpen]);
  const togglePanel = () => {
    if (wide) setWideHidden((v) => !v);
    else setNarrowOpen((v) => !v);
  };

  return (
    <div className="space-y-4" data-testid="notebook" data-synced={synced} data-editable={editable}>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b pb-3">
        <div className="flex items-center gap-3">
          <ConnectionStatus state={state} />
          {!canEdit ? (
            <span data-testid="read-only" className="inline-flex items-center gap-1 rounded-md bg-muted px-2 py-0.5 text-xs text-muted-foreground">
              <EyeIcon className="size-3.5" />
              Read-only
            </span>
          ) : null}
        </div>
        <div className="flex items-center gap-3">
          {session ? <Presence session={session} self={self} /> : null}
          <Button
            type="button"
            variant="outline"
            size="sm"
            data-testid="comments-toggle"
            aria-label={`Comments: ${comments.unresolvedCount} unresolved`}
            aria-expanded={wide ? !wideHidden : narrowOpen}
            onClick={togglePanel}
          >
            <MessageSquareIcon />
            {comments.status === "ready" ? comments.unresolvedCount : "…"}
          </Button>
        </div>
      </div>
      {state.kind === "refused" ? (
        <Alert variant={state.reload ? "warning" : "destructive"}>
          <TriangleAlertIcon />
          <AlertTitle>{state.reload ? "A newer version of Labbook is running" : "This notebook is no longer connected"}</AlertTitle>
          <AlertDescription>
            <p>{state.message}</p>
            <Button size="sm" variant="outline" className="mt-2" onClick={() => window.location.reload()}>
              <RotateCwIcon />
              Reload
            </Button>
          </AlertDescription>
        </Alert>
      ) : null}
      <div className={cn(!wideHidden && "xl:grid xl:grid-cols-[minmax(0,1fr)_20rem] xl:gap-8")}>
        <div className="min-w-0">
          {session ? (
            <EditorSurface
              key={session.doc.guid}
              notebookId={notebookId}
              session={session}
              user={self}
              editable={editable}
              titlePlaceholder={title}
              onLocalTitleChange={canEdit ? saveTitle : undefined}
              extraExtensions={comments.extensions}
              onEditor={comments.onEditor}
            />
          ) : (
            <div className="notebook-editor" aria-busy>
              <div className="h-10 w-2/3 animate-pulse rounded-md bg-muted" />
            </div>
          )}
        </div>
        <NotebookCommentsPanel
          store={comments.store}
          status={comments.status}
          error={comments.error}
          threads={comments.threads}
          permissions={comments.permissions}
          workspace={comments.workspace}
          draft={comments.draft}
          onDraftDone={comments.finishDraft}
          activeId={comments.activeId}
          focus={comments.focus}
          onSelect={comments.selectThread}
          onClose={() => {
            setNarrowOpen(false);
            if (wide) setWideHidden(true);
          }}
          className={cn(
            narrowOpen ? "fixed inset-y-0 right-0 z-40 w-full max-w-sm overflow-y-auto border-l bg-background p-4 shadow-lg" : "hidden",
            "xl:sticky xl:top-4 xl:z-auto xl:max-h-[calc(100vh-2rem)] xl:overflow-y-auto xl:w-auto xl:max-w-none xl:self-start xl:border-0 xl:bg-transparent xl:p-0 xl:shadow-none",
            wideHidden ? "xl:hidden" : "xl:flex",
          )}
        />
      </div>
    </div>
  );
}

function Presence({ session, self }: { session: NonNullable<ReturnType<typeof useCollabSession>["session"]>; self: PageUser }) {
  const users = usePageUsers(session.provider, self.id);
  return <PresenceAvatars users={users} selfId={self.id} />;
}
