"use client";

import { CheckCircle2Icon, ChevronDownIcon, ChevronRightIcon, MessageSquareIcon, RotateCwIcon, XIcon } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { EmptyState } from "@/app/_components/empty-state";
import { Alert, AlertDescription } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";
import type { ArrangedThreads, NotebookThread } from "@/lib/comments/notebook-threads";
import type { TextAnchor } from "@/lib/protocol/live";
import { CommentComposer } from "./comment-composer";
import type { CommentPermissions } from "./comment-item";
import { NotebookCommentThread } from "./notebook-comment-thread";
import type { NotebookCommentsStore } from "./notebook-comments-store";

/** A thread about to start: the selected text's anchor and quote. */
export interface NotebookCommentDraft {
  anchor: TextAnchor;
  quote: string;
}

export interface NotebookCommentsPanelProps {
  store: NotebookCommentsStore;
  status: "loading" | "ready" | "error";
  error: string | null;
  threads: ArrangedThreads;
  permissions: CommentPermissions;
  /** Workspace slug, for @mention suggestions. */
  workspace: string;
  /** A new thread's anchor, from the selection; each new object opens the composer again. */
  draft: NotebookCommentDraft | null;
  /** The draft's thread was created (its id), or the draft was dropped (null). */
  onDraftDone: (createdId: string | null) => void;
  /** The thread whose highlight is emphasised. */
  activeId: string | null;
  /** The latest request to show a thread; `seq` tells a repeated request apart. */
  focus: { id: string; seq: number } | null;
  onSelect: (threadId: string) => void;
  /** Closes the panel (narrow screens); absent where it cannot be closed. */
  onClose?: () => void;
  className?: string;
}

function Section({ label, count, open, onToggle, children }: { label: string; count: number; open: boolean; onToggle: () => void; children: ReactNode }) {
  return (
    <div className="space-y-3">
      <button
        type="button"
        aria-expanded={open}
        onClick={onToggle}
        className="inline-flex items-center gap-1 rounded text-xs font-medium text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        {open ? <ChevronDownIcon className="size-3.5" /> : <ChevronRightIcon className="size-3.5" />}
        {count} {label}
      </button>
      {open ? (
        <ul className="space-y-3" aria-label={label[0]?.toUpperCase() + label.slice(1)}>
          {children}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The comment threads of a notebook page: the composer for a thread on the selected text, open
 * threads in the order of their text, then threads whose text was deleted and resolved ones,
 * both folded until asked for. Viewers read; commenters and above write.
 */
export function NotebookCommentsPanel(props: NotebookCommentsPanelProps) {
  const { store, status, error, threads, permissions, workspace, draft, onDraftDone, activeId, focus, onSelect, onClose } = props;
  const [showResolved, setShowResolved] = useState(false);
  const [showOrphaned, setShowOrphaned] = useState(false);
  const composer = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!draft || !composer.current) return;
    composer.current.scrollIntoView({ behavior: "smooth", block: "nearest" });
    composer.current.querySelector("textarea")?.focus({ preventScroll: true });
  }, [draft]);

  // A thread shown from its highlight unfolds its section.
  const [seenFocus, setSeenFocus] = useState(focus);
  if (focus !== seenFocus) {
    setSeenFocus(focus);
    if (focus && threads.resolved.some((t) => t.root.id === focus.id)) setShowResolved(true);
    if (focus && threads.orphaned.some((t) => t.root.id === focus.id)) setShowOrphaned(true);
  }

  const total = threads.open.length + threads.orphaned.length + threads.resolved.length;
  const renderThread = (thread: NotebookThread, orphaned: boolean) => (
    <li key={thread.root.id}>
      <NotebookCommentThread
        thread={thread}
        permissions={permissions}
        workspace={workspace}
        store={store}
        orphaned={orphaned}
        active={activeId === thread.root.id}
        focusSeq={focus?.id === thread.root.id ? focus.seq : null}
        onSelect={onSelect}
      />
    </li>
  );

  return (
    <aside aria-labelledby="notebook-comments-title" data-testid="notebook-comments" className={cn("flex min-w-0 flex-col gap-4", props.className)}>
      <header className="flex items-center gap-2">
        <h2 id="notebook-comments-title" className="text-sm font-medium">
          Comments
        </h2>
        {status === "ready" && total > 0 ? (
          <span className="text-xs text-muted-foreground">
            {threads.open.length} open{threads.resolved.length > 0 ? ` · ${threads.resolved.length} resolved` : ""}
          </span>
        ) : null}
        {onClose ? (
          <Button type="button" variant="ghost" size="icon-sm" className="ml-auto size-7" aria-label="Close comments" onClick={onClose}>
            <XIcon className="size-4" />
          </Button>
        ) : null}
      </header>

      {draft && permissions.canComment ? (
        <div ref={composer} className="rounded-lg border border-amber-400/70 bg-card p-3" data-testid="new-thread">
          <blockquote className="mb-2 line-clamp-3 border-l-2 border-amber-400 pl-2 text-sm text-muted-foreground">{draft.quote}</blockquote>
          <CommentComposer
            workspace={workspace}
            submitLabel="Comment"
            placeholder="Comment on the selected text…"
            autoFocus
            onCancel={() => onDraftDone(null)}
            onSubmit={async (body) => {
              const created = await store.create({ body, anchor: draft.anchor, quote: draft.quote });
              onDraftDone(created.id);
            }}
          />
        </div>
      ) : null}

      {status === "loading" && total === 0 ? (
        <div className="space-y-3" aria-busy="true" aria-label="Loading comments">
          {[0, 1].map((i) => (
            <div key={i} className="space-y-2 rounded-lg border p-3">
              <Skeleton className="h-4 w-1/3" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-4 w-2/3" />
            </div>
          ))}
        </div>
      ) : status === "error" ? (
        <Alert variant="destructive">
          <AlertDescription className="flex items-center justify-between gap-3">
            <span>Comments could not be loaded: {error}</span>
            <Button type="button" variant="outline" size="sm" onClick={store.reload}>
              <RotateCwIcon />
              Retry
            </Button>
          </AlertDescription>
        </Alert>
      ) : total === 0 ? (
        draft ? null : (
          <EmptyState icon={MessageSquareIcon} title="No comments yet" className="py-10">
            {permissions.canComment ? "Select text on the page and press Comment (Ctrl/⌘+Alt+M) to start a thread." : "Commenters and above can start threads on the page's text."}
          </EmptyState>
        )
      ) : (
        <>
          {threads.open.length > 0 ? (
            <ul className="space-y-3" aria-label="Open threads">
              {threads.open.map((t) => renderThread(t, false))}
            </ul>
          ) : (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <CheckCircle2Icon className="size-4 text-emerald-600 dark:text-emerald-400" />
              No open threads.
            </p>
          )}
          {threads.orphaned.length > 0 ? (
            <Section label={threads.orphaned.length === 1 ? "thread on deleted text" : "threads on deleted text"} count={threads.orphaned.length} open={showOrphaned} onToggle={() => setShowOrphaned((v) => !v)}>
              {threads.orphaned.map((t) => renderThread(t, true))}
            </Section>
          ) : null}
          {threads.resolved.length > 0 ? (
            <Section label={threads.resolved.length === 1 ? "resolved thread" : "resolved threads"} count={threads.resolved.length} open={showResolved} onToggle={() => setShowResolved((v) => !v)}>
              {threads.resolved.map((t) => renderThread(t, false))}
            </Section>
          ) : null}
        </>
      )}
    </aside>
  );
}
