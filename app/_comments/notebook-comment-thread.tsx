"use client";

import { CheckCircle2Icon, ChevronDownIcon, ChevronRightIcon, PencilIcon, RotateCcwIcon, Trash2Icon, UnlinkIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { RelativeTime } from "@/app/_components/relative-time";
import { Avatar } from "@/app/_components/ui/avatar";
import { Button } from "@/app/_components/ui/button";
import { errorMessage } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import { formatAbsolute } from "@/app/_lib/format";
import type { NotebookThread } from "@/lib/comments/notebook-threads";
import type { NotebookCommentPayload } from "@/lib/protocol/live";
import { CommentComposer } from "./comment-composer";
import type { CommentPermissions } from "./comment-item";
import { CommentMarkdown } from "./comment-markdown";
import type { NotebookCommentsStore } from "./notebook-comments-store";

/** One comment of a notebook thread: who and when, the body, and the author's (or an admin's) edit and delete. */
function NotebookCommentItem({
  comment,
  permissions,
  workspace,
  store,
}: {
  comment: NotebookCommentPayload;
  permissions: CommentPermissions;
  workspace: string;
  store: NotebookCommentsStore;
}) {
  const [editing, setEditing] = useState(false);
  if (comment.deleted) {
    return (
      <div className="flex items-center gap-2 py-1 text-sm text-muted-foreground italic">
        <Avatar name="?" className="size-6 bg-muted! text-muted-foreground" />
        This comment was deleted.
      </div>
    );
  }
  const own = comment.author?.id === permissions.viewerId;
  const canEdit = own && permissions.canComment;
  const canDelete = (own && permissions.canComment) || permissions.canModerate;
  const name = comment.author?.name ?? "Former member";
  return (
    <article className="group/comment grid grid-cols-[auto_minmax(0,1fr)] gap-x-2" aria-label={`Comment by ${name}`}>
      <Avatar name={name} className="mt-0.5 size-6 text-[10px]" />
      <div className="min-w-0">
        <header className="flex min-h-6 items-center gap-1.5 text-sm">
          <span className="truncate font-medium">{name}</span>
          <span className="shrink-0 text-xs text-muted-foreground">
            <RelativeTime date={comment.createdAt} />
            {comment.editedAt ? <span title={`Edited ${formatAbsolute(new Date(comment.editedAt))}`}> · edited</span> : null}
          </span>
          {!editing && (canEdit || canDelete) ? (
            <span className="ml-auto flex shrink-0 gap-0.5 opacity-0 transition-opacity group-focus-within/comment:opacity-100 group-hover/comment:opacity-100 [@media(hover:none)]:opacity-100">
              {canEdit ? (
                <Button type="button" variant="ghost" size="icon-sm" className="size-6" aria-label="Edit comment" onClick={() => setEditing(true)}>
                  <PencilIcon className="size-3.5" />
                </Button>
              ) : null}
              {canDelete ? (
                <ConfirmDialog
                  trigger={
                    <Button type="button" variant="ghost" size="icon-sm" className="size-6" aria-label="Delete comment">
                      <Trash2Icon className="size-3.5" />
                    </Button>
                  }
                  title="Delete this comment?"
                  description={
                    comment.parentId === null
                      ? "Its text is erased for everyone. Replies stay, under a note that the comment was deleted."
                      : "Its text is erased for everyone."
                  }
                  confirmLabel="Delete"
                  onConfirm={() => store.remove(comment)}
                />
              ) : null}
            </span>
          ) : null}
        </header>
        {editing ? (
          <CommentComposer
            className="mt-1"
            workspace={workspace}
            initialBody={comment.body}
            submitLabel="Save"
            placeholder="Edit comment"
            autoFocus
            onCancel={() => setEditing(false)}
            onSubmit={async (body) => {
              await store.update(comment.id, { body });
              setEditing(false);
            }}
          />
        ) : (
          <CommentMarkdown body={comment.body} mentions={comment.mentions} />
        )}
      </div>
    </article>
  );
}

/**
 * A thread on a notebook page: the text it is about, its comments, resolve or reopen, and a
 * reply box. A resolved thread folds to one line until expanded; an orphaned one says its text
 * is gone and keeps the quote.
 */
export function NotebookCommentThread({
  thread,
  permissions,
  workspace,
  store,
  orphaned,
  active,
  focusSeq,
  onSelect,
}: {
  thread: NotebookThread;
  permissions: CommentPermissions;
  workspace: string;
  store: NotebookCommentsStore;
  orphaned: boolean;
  /** Its highlight is the emphasised one on the page. */
  active: boolean;
  /** Changes each time this thread is asked to be shown (its highlight was clicked). */
  focusSeq: number | null;
  /** The thread was clicked: emphasise and show its text. */
  onSelect: (threadId: string) => void;
}) {
  const { root, replies, resolved } = thread;
  const [expanded, setExpanded] = useState(false);
  const [replying, setReplying] = useState(false);
  const [busy, setBusy] = useState(false);
  const element = useRef<HTMLElement>(null);
  const [seenFocus, setSeenFocus] = useState(focusSeq);
  if (focusSeq !== seenFocus) {
    setSeenFocus(focusSeq);
    if (focusSeq !== null) setExpanded(true);
  }

  useEffect(() => {
    if (focusSeq === null) return;
    element.current?.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }, [focusSeq]);

  const setResolved = (value: boolean) => {
    setBusy(true);
    store
      .update(root.id, { resolved: value })
      .then(
        () => {
          if (value) setExpanded(false);
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
      data-testid="comment-thread"
      data-thread-id={root.id}
      aria-label={root.quote ? `Thread on “${root.quote}”` : "Thread on the page"}
      onClick={(event) => {
        // Buttons, links and the composer inside do their own thing.
        if (!(event.target instanceof Element) || !event.target.closest("button, a, textarea, input, form")) onSelect(root.id);
      }}
      className={cn("rounded-lg border bg-card p-3 transition-shadow", resolved && "bg-muted/30", active && "ring-2 ring-amber-400/70")}
    >
      <div className="mb-2 flex items-center gap-2 text-xs text-muted-foreground empty:hidden">
        {resolved ? (
          <button
            type="button"
            onClick={() => setExpanded((v) => !v)}
            aria-expanded={expanded}
            className="inline-flex min-w-0 items-center gap-1 rounded outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            {expanded ? <ChevronDownIcon className="size-3.5 shrink-0" /> : <ChevronRightIcon className="size-3.5 shrink-0" />}
            <CheckCircle2Icon className="size-3.5 shrink-0 text-emerald-600 dark:text-emerald-400" />
            <span className="truncate">Resolved{root.resolvedBy ? ` by ${root.resolvedBy.name}` : ""}</span>
          </button>
        ) : null}
        {orphaned ? (
          <span className="inline-flex items-center gap-1" title="The text this thread was about has been deleted from the page.">
            <UnlinkIcon className="size-3.5" />
            Text deleted
          </span>
        ) : null}
        {permissions.canComment && !folded ? (
          <Button type="button" variant="ghost" size="sm" className="ml-auto h-6 px-2 text-xs" disabled={busy} onClick={() => setResolved(!resolved)}>
            {resolved ? <RotateCcwIcon className="size-3.5" /> : <CheckCircle2Icon className="size-3.5" />}
            {resolved ? "Reopen" : "Resolve"}
          </Button>
        ) : null}
      </div>

      {root.quote && !folded ? (
        <blockquote className={cn("mb-2 line-clamp-3 border-l-2 border-amber-400 pl-2 text-sm text-muted-foreground", orphaned && "line-through decoration-muted-foreground/50")}>
          {root.quote}
        </blockquote>
      ) : null}

      {folded ? (
        <button
          type="button"
          onClick={() => setExpanded(true)}
          className="block w-full truncate rounded text-left text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          {root.deleted ? "Deleted comment" : `${root.author?.name ?? "Former member"}: ${root.body.split("\n")[0]?.replace(/@\[([^\]]*)\]\(user:[^)]*\)/g, "@$1")}`}
          {replies.length > 0 ? ` · ${replyCount}` : ""}
        </button>
      ) : (
        <>
          <NotebookCommentItem comment={root} permissions={permissions} workspace={workspace} store={store} />
          {replies.length > 0 ? (
            <ol className="mt-3 space-y-3 border-l pl-3" aria-label={replyCount}>
              {replies.map((reply) => (
                <li key={reply.id}>
                  <NotebookCommentItem comment={reply} permissions={permissions} workspace={workspace} store={store} />
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
