"use client";

import { PencilIcon, Trash2Icon } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { RelativeTime } from "@/app/_components/relative-time";
import { Avatar } from "@/app/_components/ui/avatar";
import { Button } from "@/app/_components/ui/button";
import { formatAbsolute } from "@/app/_lib/format";
import type { CommentPayload } from "@/lib/protocol/live";
import { CommentComposer } from "./comment-composer";
import { CommentMarkdown } from "./comment-markdown";
import type { CommentsStore } from "./comments-store";

export interface CommentPermissions {
  viewerId: string;
  /** Commenter or above: may write, reply, resolve, and edit or delete their own. */
  canComment: boolean;
  /** Admin or above: may delete anyone's comment. */
  canModerate: boolean;
}

/** One comment: who and when, the body, and the author's (or an admin's) edit and delete. */
export function CommentItem({
  comment,
  permissions,
  workspace,
  store,
}: {
  comment: CommentPayload;
  permissions: CommentPermissions;
  workspace: string;
  store: CommentsStore;
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
            {comment.editedAt ? (
              <span title={`Edited ${formatAbsolute(new Date(comment.editedAt))}`}> · edited</span>
            ) : null}
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
