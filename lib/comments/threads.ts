import type { AnyCommentPayload, CommentPayload } from "@/lib/protocol/live";

/** A thread: its root comment and the replies shown under it, oldest first. */
export interface CommentThread<C extends AnyCommentPayload = CommentPayload> {
  root: C;
  replies: C[];
  resolved: boolean;
}

/** A thread anchored to a step range of one metric key, for shading on that key's charts. */
export interface CommentRegion {
  /** The thread's root comment id. */
  id: string;
  key: string;
  fromStep: number;
  toStep: number;
  resolved: boolean;
}

type Anchor = NonNullable<CommentPayload["anchor"]>;

const byCreation = (a: AnyCommentPayload, b: AnyCommentPayload) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Which comments are shown: deleted replies disappear, and a deleted root stays (as a
 * tombstone) only while a reply under it is not deleted.
 */
export function visibleComments<C extends AnyCommentPayload>(comments: readonly C[]): C[] {
  const liveReplies = new Set<string>();
  for (const c of comments) if (c.parentId !== null && !c.deleted) liveReplies.add(c.parentId);
  return comments.filter((c) => !c.deleted || (c.parentId === null && liveReplies.has(c.id)));
}

/** Groups comments into threads, newest thread first; orphaned replies are dropped. */
export function buildThreads<C extends AnyCommentPayload>(comments: readonly C[]): CommentThread<C>[] {
  const visible = visibleComments(comments).sort(byCreation);
  const threads = new Map<string, CommentThread<C>>();
  for (const c of visible) if (c.parentId === null) threads.set(c.id, { root: c, replies: [], resolved: c.resolvedAt !== null });
  for (const c of visible) if (c.parentId !== null) threads.get(c.parentId)?.replies.push(c);
  return [...threads.values()].reverse();
}

/** The shaded regions of every thread anchored to a step range. */
export function commentRegions(threads: readonly CommentThread[]): CommentRegion[] {
  const regions: CommentRegion[] = [];
  for (const { root, resolved } of threads) {
    const anchor = root.anchor;
    if (anchor?.fromStep == null || anchor.toStep == null) continue;
    regions.push({ id: root.id, key: anchor.key, fromStep: anchor.fromStep, toStep: anchor.toStep, resolved });
  }
  return regions;
}

/** Replaces the comment with the same id, or adds it; what a live event or API answer does to a list. */
export function upsertComment<C extends AnyCommentPayload>(comments: readonly C[], comment: C): C[] {
  const index = comments.findIndex((c) => c.id === comment.id);
  if (index === -1) return [...comments, comment];
  const next = [...comments];
  next[index] = comment;
  return next;
}

const steps = new Intl.NumberFormat("en-US");

/** "loss · steps 120–340", "loss · step 7", or just "loss". */
export function formatAnchor(anchor: Anchor): string {
  if (anchor.fromStep == null || anchor.toStep == null) return anchor.key;
  if (anchor.fromStep === anchor.toStep) return `${anchor.key} · step ${steps.format(anchor.fromStep)}`;
  return `${anchor.key} · steps ${steps.format(anchor.fromStep)}–${steps.format(anchor.toStep)}`;
}
