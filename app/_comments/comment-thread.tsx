"use client";

import { CheckCircle2Icon, ChevronDownIcon, ChevronRightIcon, CrosshairIcon, RotateCcwIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/app/_components/ui/button";
import { errorMessage } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import { formatAnchor, type CommentThread as Thread } from "@/lib/comments/threads";
import type { CommentPayload } from "@/lib/protocol/live";
import { CommentComposer } from "./comment-composer";
import { CommentItem, type CommentPermissions } from "./comment-item";
import type { CommentsStore } from "./comments-store";

type Anchor = NonNullable<CommentPayload["anchor"]>;

/**
 * A thread: its anchor, root comment and replies, resolve or reopen, and a reply box. A resolved
 * thread folds to one line until expanded.
 */
export function CommentThread({
  thread,
  permissions,
  workspace,
  store,
  expanded,
  onExpandedChange,
  focusSeq,
  onAnchorClick,
}: {
  thread: Thread;
  permissions: CommentPermissions;
  workspace: string;
  store: CommentsStore;
  /** Only resolved threads fold; open ones are always expanded. */
  expanded: boolean;
  onExpandedChange: (expanded: boolean) => void;
  /** Changes each time this thread is asked to be shown (a chart region was clicked). */
  focusSeq: number | null;
  onAnchorClick?: (threadId: string, anchor: Anchor) => void;
}) {
  const { root, replies, resolved } = thread;
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const [highlight, setHighlight] = useState(false);
  const element = useRef<HTMLElement>(null);

  useEffect(() => {
    if (focusSeq === null) return;
    element.current?.scrollIntoView({ behavior: "smooth", block: "nearest" });
    setHighlight(true);
    const timer = setTimeout(() => setHighlight(false), 1600);
    return () => clearTimeout(timer);
  }, [focusSeq]);

  const setResolved = (value: boolean) => {
    setBusy(true);
    store
      .update(root.id, { resolved: value })
      .then(
        () => {
          if (value) onExpandedChange(false);
        },
        (error: unknown) => toast.error(errorMessage(error)),
      )
      .finally(() => setBusy(false));
  };

  const folded = resolved && !expanded;
  const replyCount = `${replies.length} ${replies.length === 1 ? "reply" : "replies"}`;

  return (
    <section
      ref={element}
      aria-label={root.anchor ? `Thread on ${formatAnchor(root.anchor)}` : "Thread"}
      className={cn(
        "rounded-lg border bg-card p-3 transition-shadow",
        resolved && "bg-muted/30",
        highlight && "ring-2 ring-primary/50",
      )}
    >
      <div className="mb-2 flex items-center gap-2 text-xs text-muted-foreground empty:hidden">
        {resolved ? (
          <button
            type="button"
            onClick={() => onExpandedChange(!expanded)}
            aria-expanded={expanded}
            className="inline-flex min-w-0 items-center gap-1 rounded outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            {expanded ? <ChevronDownIcon className="size-3.5 shrink-0" /> : <ChevronRightIcon className="size-3.5 shrink-0" />}
            <CheckCircle2Icon className="size-3.5 shrink-0 text-emerald-600 dark:text-emerald-400" />
            <span className="truncate">Resolved{root.resolvedBy ? ` by ${root.resolvedBy.name}` : ""}</span>
          </button>
        ) : null}
        {root.anchor ? (
          onAnchorClick ? (
            <button
              type="button"
              onClick={() => root.anchor && onAnchorClick(root.id, root.anchor)}
              className="inline-flex min-w-0 items-center gap-1 rounded font-mono outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
              title="Show on the chart"
            >
              <CrosshairIcon className="size-3.5 shrink-0" />
              <span className="truncate">{formatAnchor(root.anchor)}</span>
            </button>
          ) : (
            <span className="inline-flex min-w-0 items-center gap-1 font-mono">
              <CrosshairIcon className="size-3.5 shrink-0" />
              <span className="truncate">{formatAnchor(root.anchor)}</span>
            </span>
          )
        ) : null}
        {permissions.canComment && !folded ? (
          <Button type="button" variant="ghost" size="sm" className="ml-auto h-6 px-2 text-xs" disabled={busy} onClick={() => setResolved(!resolved)}>
            {resolved ? <RotateCcwIcon className="size-3.5" /> : <CheckCircle2Icon className="size-3.5" />}
            {resolved ? "Reopen" : "Resolve"}
          </Button>
        ) : null}
      </div>

      {folded ? (
        <button
          type="button"
          onClick={() => onExpandedChange(true)}
          className="block w-full truncate rounded text-left text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          {root.deleted ? "Deleted comment" : `${root.author?.name ?? "Former member"}: ${firstLine(root.body)}`}
          {replies.length > 0 ? ` · ${replyCount}` : ""}
        </button>
      ) : (
        <>
          <CommentItem comment={root} permissions={permissions} workspace={workspace} store={store} />
          {replies.length > 0 ? (
            <ol className="mt-3 space-y-3 border-l pl-3" aria-label={replyCount}>
              {replies.map((reply) => (
                <li key={reply.id}>
                  <CommentItem comment={reply} permissions={permissions} workspace={workspace} store={store} />
                </li>
              ))}
            </ol>
          ) : null}
          {permissions.canComment ? (
            replying ? (
              <CommentComposer
                className="mt-3"
                workspace={workspace}
                submitLabel="Reply"
                placeholder="Reply…"
                autoFocus
                onCancel={() => setReplying(false)}
                onSubmit={async (body) => {
                  await store.create({ body, parentId: root.id });
                  setReplying(false);
                }}
              />
            ) : (
              <button
                type="button"
                onClick={() => setReplying(true)}
                className="mt-3 w-full rounded-md border border-dashed px-3 py-1.5 text-left text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                Reply…
              </button>
            )
          ) : null}
        </>
      )}
    </section>
  );
}

/** The first line of a markdown body, without its markup characters, for a folded thread. */
function firstLine(body: string): string {
  const line = body.split("\n").find((l) => l.trim().length > 0) ?? "";
  return line.replace(/@\[([^\]]*)\]\(user:[^)]*\)/g, "@$1").replace(/[*_`#>~]/g, "").trim();
}
