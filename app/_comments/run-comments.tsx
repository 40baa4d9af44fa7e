"use client";

/**
 * Review comments on a run: a side panel of threads, and the hook the charts read.
 *
 * Contract with the run page and its charts:
 *
 *   const comments = useRunComments(run.id);
 *   // comments.regions: { id, key, fromStep, toStep, resolved }[] — threads anchored to a step
 *   //   range; shade those whose key is the chart's key. Key-only anchors have no region.
 *   // comments.focusThread(id): pass as the chart's onRegionClick; the panel expands the thread
 *   //   (even a resolved one), scrolls to it and highlights it.
 *   // comments.threads, .status, .error, .reload: the same data the panel shows.
 *
 *   const [anchor, setAnchor] = useState<CommentAnchorDraft | null>(null);
 *   <MetricChart … regions={comments.regions.filter((r) => r.key === key)} onRegionClick={comments.focusThread}
 *     onSelectRange={(range) => setAnchor({ key, ...range })} />
 *   <RunComments runId={run.id} workspace={workspaceSlug} viewer={{ id: user.id, role }}
 *     anchor={anchor} onAnchorDone={() => setAnchor(null)} onAnchorClick={(a) => scrollToChart(a.key)} />
 *
 * Every call of useRunComments for a run, and RunComments itself, share one fetch and one
 * listener on the live socket; the page's own `subscribe` for the run makes the events arrive.
 */

import { CheckCircle2Icon, ChevronDownIcon, ChevronRightIcon, MessageSquareIcon, RotateCwIcon } from "lucide-react";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { EmptyState } from "@/app/_components/empty-state";
import { Alert, AlertDescription } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import { hasRole, type Role } from "@/lib/access/roles";
import type { CommentPayload } from "@/lib/protocol/live";
import { CommentComposer } from "./comment-composer";
import type { CommentPermissions } from "./comment-item";
import { CommentThread } from "./comment-thread";
import { commentsStore } from "./comments-store";
import { useRunComments } from "./use-run-comments";

export { useRunComments, type CommentRegion, type CommentThread as CommentThreadData, type RunComments as RunCommentsState } from "./use-run-comments";

/** What a new thread is anchored to: a metric key, with the step range a chart selection gave. */
export interface CommentAnchorDraft {
  key: string;
  fromStep: number | null;
  toStep: number | null;
}

export interface RunCommentsProps {
  runId: string;
  /** The run's workspace slug; its members are offered as @mentions. */
  workspace: string;
  /** The signed-in user and their role in the workspace: commenter+ writes, admin+ deletes any comment. */
  viewer: { id: string; role: Role };
  /**
   * Opens the new-thread composer anchored here (e.g. after a drag-select on a chart). Each new
   * object re-opens it, so selecting the same range again works; null leaves the composer be.
   */
  anchor?: CommentAnchorDraft | null;
  /** The anchored comment was sent, or its anchor dropped (Escape, Cancel, ×): clear the selection. */
  onAnchorDone?: () => void;
  /** A thread's anchor label was clicked: show that key's chart and range. */
  onAnchorClick?: (anchor: CommentAnchorDraft & { threadId: string }) => void;
  className?: string;
}

const NO_FOCUS = () => null;

/** The run's review threads: open ones first, resolved ones folded below, and a composer. */
export function RunComments({ runId, workspace, viewer, anchor = null, onAnchorDone, onAnchorClick, className }: RunCommentsProps) {
  const comments = useRunComments(runId);
  const store = commentsStore(runId);
  const focus = useSyncExternalStore(store.subscribe, () => store.getSnapshot().focus, NO_FOCUS);
  const permissions: CommentPermissions = { viewerId: viewer.id, canComment: hasRole(viewer.role, "commenter"), canModerate: hasRole(viewer.role, "admin") };

  const [draftAnchor, setDraftAnchor] = useState<CommentAnchorDraft | null>(anchor);
  const [seenAnchor, setSeenAnchor] = useState(anchor);
  if (anchor !== seenAnchor) {
    setSeenAnchor(anchor);
    if (anchor) setDraftAnchor(anchor);
  }
  const composer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!draftAnchor || !composer.current) return;
    composer.current.scrollIntoView({ behavior: "smooth", block: "nearest" });
    composer.current.querySelector("textarea")?.focus({ preventScroll: true });
  }, [draftAnchor]);
  const dropAnchor = () => {
    setDraftAnchor(null);
    onAnchorDone?.();
  };

  // Resolved threads fold; the ones opened here, or shown from a chart, unfold.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [showResolved, setShowResolved] = useState(false);
  const [seenFocus, setSeenFocus] = useState(focus);
  if (focus !== seenFocus) {
    setSeenFocus(focus);
    if (focus) {
      setExpanded((set) => new Set(set).add(focus.id));
      if (comments.threads.some((t) => t.resolved && t.root.id === focus.id)) setShowResolved(true);
    }
  }
  const toggle = (id: string, open: boolean) =>
    setExpanded((set) => {
      const next = new Set(set);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });

  const open = comments.threads.filter((t) => !t.resolved);
  const resolved = comments.threads.filter((t) => t.resolved);
  const renderThread = (thread: (typeof comments.threads)[number]) => (
    <li key={thread.root.id}>
      <CommentThread
        thread={thread}
        permissions={permissions}
        workspace={workspace}
        store={store}
        expanded={expanded.has(thread.root.id)}
        onExpandedChange={(value) => toggle(thread.root.id, value)}
        focusSeq={focus?.id === thread.root.id ? focus.seq : null}
        onAnchorClick={onAnchorClick ? (threadId, a: NonNullable<CommentPayload["anchor"]>) => onAnchorClick({ ...a, threadId }) : undefined}
      />
    </li>
  );

  return (
    <aside aria-labelledby={`comments-${runId}`} className={cn("flex min-w-0 flex-col gap-4", className)}>
      <header className="flex items-baseline gap-2">
        <h2 id={`comments-${runId}`} className="text-sm font-medium">
          Comments
        </h2>
        {comments.status === "ready" && comments.threads.length > 0 ? (
          <span className="text-xs text-muted-foreground">
            {open.length} open{resolved.length > 0 ? ` · ${resolved.length} resolved` : ""}
          </span>
        ) : null}
      </header>

      {permissions.canComment ? (
        <div ref={composer}>
          <CommentComposer
            workspace={workspace}
            submitLabel="Comment"
            placeholder={draftAnchor ? "Comment on this range…" : "Comment on this run…"}
            anchor={draftAnchor}
            onRemoveAnchor={draftAnchor ? dropAnchor : undefined}
            onCancel={draftAnchor ? dropAnchor : undefined}
            onSubmit={async (body) => {
              const created = await store.create({ body, anchor: draftAnchor });
              if (draftAnchor) dropAnchor();
              store.focusThread(created.id);
            }}
          />
        </div>
      ) : null}

      {comments.status === "loading" && comments.threads.length === 0 ? (
        <div className="space-y-3" aria-busy="true" aria-label="Loading comments">
          {[0, 1].map((i) => (
            <div key={i} className="space-y-2 rounded-lg border p-3">
              <Skeleton className="h-4 w-1/3" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-2/3" />
            </div>
          ))}
        </div>
      ) : comments.status === "error" ? (
        <Alert variant="destructive">
          <AlertDescription className="flex items-center justify-between gap-3">
            <span>Comments could not be loaded: {comments.error}</span>
            <Button type="button" variant="outline" size="sm" onClick={comments.reload}>
              <RotateCwIcon />
              Retry
            </Button>
          </AlertDescription>
        </Alert>
      ) : comments.threads.length === 0 ? (
        <EmptyState icon={MessageSquareIcon} title="No comments yet" className="py-10">
          {permissions.canComment
            ? "Start a thread on the run, or select a step range on a chart to comment on it."
            : "Commenters and above can start threads here."}
        </EmptyState>
      ) : (
        <>
          {open.length > 0 ? (
            <ul className="space-y-3" aria-label="Open threads">
              {open.map(renderThread)}
            </ul>
          ) : (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <CheckCircle2Icon className="size-4 text-emerald-600 dark:text-emerald-400" />
              All threads resolved.
            </p>
          )}
          {resolved.length > 0 ? (
            <div className="space-y-3">
              <button
                type="button"
                aria-expanded={showResolved}
                onClick={() => setShowResolved((v) => !v)}
                className="inline-flex items-center gap-1 rounded text-xs font-medium text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                {showResolved ? <ChevronDownIcon className="size-3.5" /> : <ChevronRightIcon className="size-3.5" />}
                {resolved.length} resolved {resolved.length === 1 ? "thread" : "threads"}
              </button>
              {showResolved ? (
                <ul className="space-y-3" aria-label="Resolved threads">
                  {resolved.map(renderThread)}
                </ul>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </aside>
  );
}
