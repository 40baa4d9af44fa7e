import type { NotebookCommentPayload } from "@/lib/protocol/live";
import type { CommentThread } from "./threads";

export type NotebookThread = CommentThread<NotebookCommentPayload>;

/** A notebook page's threads as its side panel lists them. */
export interface ArrangedThreads {
  /** Unresolved threads on text that is there: page-wide ones first, then in document order. */
  open: NotebookThread[];
  /** Unresolved threads whose text is gone; they show their quote. */
  orphaned: NotebookThread[];
  /** Resolved threads, newest first, wherever their text is. */
  resolved: NotebookThread[];
}

/**
 * Sorts threads for the panel. `positions` gives where each anchored thread's text starts on
 * the page as the browser sees it now; without it (no editor yet) the server's `orphaned` says
 * which texts are gone.
 */
export function arrangeNotebookThreads(threads: readonly NotebookThread[], positions: ReadonlyMap<string, number> | null): ArrangedThreads {
  const arranged: ArrangedThreads = { open: [], orphaned: [], resolved: [] };
  const at = (thread: NotebookThread) => (thread.root.anchor === null ? -1 : (positions?.get(thread.root.id) ?? Number.POSITIVE_INFINITY));
  for (const thread of threads) {
    if (thread.resolved) arranged.resolved.push(thread);
    else if (thread.root.anchor !== null && (positions ? !positions.has(thread.root.id) : thread.root.orphaned)) arranged.orphaned.push(thread);
    else arranged.open.push(thread);
  }
  arranged.open.sort((a, b) => at(a) - at(b) || a.root.createdAt.localeCompare(b.root.createdAt));
  return arranged;
}
