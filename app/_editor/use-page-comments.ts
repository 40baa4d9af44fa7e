"use client";

import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { CommentPermissions } from "@/app/_comments/comment-item";
import type { NotebookCommentDraft } from "@/app/_comments/notebook-comments-panel";
import { NotebookCommentsStore } from "@/app/_comments/notebook-comments-store";
import { api } from "@/app/_lib/api";
import { hasRole, type Role } from "@/lib/access/roles";
import { arrangeNotebookThreads, type ArrangedThreads } from "@/lib/comments/notebook-threads";
import { buildThreads } from "@/lib/comments/threads";
import { CommentHighlights, type HighlightedThread } from "./comment-highlights";

/** The id the draft's highlight carries until its thread exists. */
const DRAFT_ID = "draft";

export interface PageComments {
  store: NotebookCommentsStore;
  status: "loading" | "ready" | "error";
  error: string | null;
  threads: ArrangedThreads;
  /** Open threads plus those on deleted text: what the header's count shows. */
  unresolvedCount: number;
  /** Read-only until the notebook's record says what the user may do. */
  permissions: CommentPermissions;
  /** The workspace slug (for @mentions); empty until the notebook's record is loaded. */
  workspace: string;
  draft: NotebookCommentDraft | null;
  finishDraft: (createdId: string | null) => void;
  activeId: string | null;
  focus: { id: string; seq: number } | null;
  /** Emphasises a thread and scrolls its text into view. */
  selectThread: (id: string) => void;
  /** Something asked for the panel (a new draft, a clicked highlight): narrow screens open it. */
  attention: number;
  /** Pass to EditorSurface, with `onEditor`. */
  extensions: readonly [typeof CommentHighlights];
  onEditor: (editor: Editor | null) => void;
}

/**
 * Comments on a notebook page's text: the threads (live), the highlights in the editor, the
 * draft of a thread on the selection, and which thread is emphasised. The user's role comes
 * from the notebook's record: commenters and above write, admins delete anyone's comment.
 */
export function usePageComments(notebookId: string, userId: string): PageComments {
  const store = useMemo(() => new NotebookCommentsStore(notebookId), [notebookId]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  const [access, setAccess] = useState<{ role: Role; workspace: string } | null>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [draft, setDraft] = useState<NotebookCommentDraft | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ id: string; seq: number } | null>(null);
  const [positions, setPositions] = useState<ReadonlyMap<string, number> | null>(null);
  const [attention, setAttention] = useState(0);

  useEffect(() => {
    let current = true;
    api<{ role: Role; project: string }>(`/notebooks/${notebookId}`).then(
      ({ role, project }) => current && setAccess({ role, workspace: project.split("/")[0] ?? "" }),
      // Without the record the page still reads comments; writing waits for a reload.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [notebookId]);

  const focusThread = useCallback((id: string) => {
    setActiveId(id);
    setFocus((f) => ({ id, seq: (f?.seq ?? 0) + 1 }));
    setAttention((n) => n + 1);
  }, []);

  // The editor is built once per session; its callbacks reach the latest state through refs.
  const callbacks = useRef({ focusThread });
  useEffect(() => {
    callbacks.current = { focusThread };
  }, [focusThread]);
  const extensions = useMemo(
    () =>
      [
        CommentHighlights.configure({
          onStart: (next) => {
            setDraft(next);
            setActiveId(DRAFT_ID);
            setAttention((n) => n + 1);
          },
          onThreadClick: (id) => {
            if (id !== DRAFT_ID) callbacks.current.focusThread(id);
          },
          onPositions: (next) => setPositions(new Map(next)),
        }),
      ] as const,
    [],
  );

  const threads = useMemo(() => buildThreads(snapshot.comments), [snapshot.comments]);
  const arranged = useMemo(() => arrangeNotebookThreads(threads, editor ? positions : null), [threads, positions, editor]);
  const canComment = access !== null && hasRole(access.role, "commenter");

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const highlighted: HighlightedThread[] = threads.flatMap((t) => (t.resolved || !t.root.anchor ? [] : [{ id: t.root.id, anchor: t.root.anchor }]));
    if (draft) highlighted.push({ id: DRAFT_ID, anchor: draft.anchor });
    editor.commands.setCommentHighlights({ threads: highlighted, activeId, canComment });
  }, [editor, threads, draft, activeId, canComment]);

  // A read-only page cannot take focus, so its shortcut is heard on the document.
  useEffect(() => {
    if (!editor || !canComment) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (editor.isEditable || editor.isDestroyed) return;
      if (!(event.metaKey || event.ctrlKey) || !event.altKey || event.code !== "KeyM") return;
      if (editor.commands.startComment()) event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [editor, canComment]);

  const selectThread = useCallback(
    (id: string) => {
      setActiveId(id);
      if (!editor || editor.isDestroyed || !editor.isInitialized) return;
      const highlight = editor.view.dom.querySelector(`[data-comment-thread="${CSS.escape(id)}"]`);
      highlight?.scrollIntoView({ behavior: "smooth", block: "center" });
    },
    [editor],
  );

  const finishDraft = useCallback(
    (createdId: string | null) => {
      setDraft(null);
      if (createdId) focusThread(createdId);
      else setActiveId(null);
    },
    [focusThread],
  );

  return {
    store,
    status: snapshot.status,
    error: snapshot.error,
    threads: arranged,
    unresolvedCount: arranged.open.length + arranged.orphaned.length,
    permissions: { viewerId: userId, canComment, canModerate: access !== null && hasRole(access.role, "admin") },
    workspace: access?.workspace ?? "",
    draft,
    finishDraft,
    activeId,
    focus,
    selectThread,
    attention,
    extensions,
    onEditor: setEditor,
  };
}
