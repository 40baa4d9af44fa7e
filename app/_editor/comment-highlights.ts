import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey, TextSelection, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { MAX_QUOTE_LENGTH } from "@/lib/comments/notebook-comment-input";
import { anchorOfRange, rangeOfAnchor, type ProseMirrorMapping } from "@/lib/comments/text-anchor";
import type { TextAnchor } from "@/lib/protocol/live";

/** A thread the page highlights: open threads only; resolved ones keep their text plain. */
export interface HighlightedThread {
  id: string;
  anchor: TextAnchor;
}

/** What the selection gives a new thread: its anchor and the text it covers. */
export interface CommentDraft {
  anchor: TextAnchor;
  quote: string;
}

export interface CommentHighlightsOptions {
  /** A thread is to be started on the selection. */
  onStart: (draft: CommentDraft) => void;
  /** A highlight was clicked. */
  onThreadClick: (threadId: string) => void;
  /**
   * Where each highlighted thread starts on the page now (a ProseMirror position), after every
   * change; a thread whose text is gone is absent.
   */
  onPositions: (positions: ReadonlyMap<string, number>) => void;
}

export interface CommentHighlightsStorage {
  /** Commenters and above may start threads (the bubble menu's Comment button, Mod-Alt-M). */
  canComment: boolean;
  threads: readonly HighlightedThread[];
  activeId: string | null;
}

/** What the page tells the highlights: the threads to show, the emphasised one, and whether the user may comment. */
export type CommentHighlightsState = CommentHighlightsStorage;

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    commentHighlights: {
      /** Starts a thread on the selected text; false when nothing is selected or the user may not comment. */
      startComment: () => ReturnType;
      /** The threads to highlight, the one to emphasise, and whether the user may start threads. */
      setCommentHighlights: (state: CommentHighlightsState) => ReturnType;
    };
  }
  interface Storage {
    commentHighlights: CommentHighlightsStorage;
  }
}

const key = new PluginKey<DecorationSet>("commentHighlights");
const RECOMPUTE = "recompute";

interface YSyncState {
  doc: Y.Doc;
  type: Y.XmlFragment;
  binding: { mapping: Map<Y.AbstractType<unknown>, unknown> } | null;
}

function ySyncOf(state: EditorState): (YSyncState & { binding: NonNullable<YSyncState["binding"]> }) | null {
  const sync = ySyncPluginKey.getState(state) as YSyncState | undefined;
  return sync?.binding ? (sync as YSyncState & { binding: NonNullable<YSyncState["binding"]> }) : null;
}

/** The anchor and quote of the current text selection, or null when there is none. */
export function draftFromSelection(state: EditorState): CommentDraft | null {
  const { selection, doc } = state;
  if (!(selection instanceof TextSelection) || selection.empty) return null;
  const quote = doc.textBetween(selection.from, selection.to, " ", " ").replace(/\s+/g, " ").trim();
  const sync = ySyncOf(state);
  if (!sync || quote === "") return null;
  const anchor = anchorOfRange(sync.doc, sync.type, sync.binding.mapping as ProseMirrorMapping, selection.from, selection.to);
  return { anchor, quote: quote.length > MAX_QUOTE_LENGTH ? `${quote.slice(0, MAX_QUOTE_LENGTH - 1)}…` : quote };
}

/** The ProseMirror range of each thread whose text is on the page. */
function resolveRanges(state: EditorState, threads: readonly HighlightedThread[]): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>();
  const sync = ySyncOf(state);
  if (!sync) return ranges;
  const size = state.doc.content.size;
  for (const thread of threads) {
    const range = rangeOfAnchor(sync.doc, sync.type, sync.binding.mapping as ProseMirrorMapping, thread.anchor);
    if (range && range.to <= size) ranges.set(thread.id, range);
  }
  return ranges;
}

function decorationsOf(state: EditorState, storage: CommentHighlightsStorage): { set: DecorationSet; positions: Map<string, number> } {
  const ranges = resolveRanges(state, storage.threads);
  const decorations: Decoration[] = [];
  const positions = new Map<string, number>();
  for (const [id, { from, to }] of ranges) {
    positions.set(id, from);
    decorations.push(
      Decoration.inline(from, to, { class: id === storage.activeId ? "comment-highlight comment-highlight-active" : "comment-highlight", "data-comment-thread": id }, { threadId: id }),
    );
  }
  return { set: DecorationSet.create(state.doc, decorations), positions };
}

/**
 * Highlights the text of open comment threads with decorations (the page itself is never
 * changed: commenters cannot write to it). Ranges are resolved from the threads' Yjs relative
 * positions after every change, so they follow concurrent edits; between a change and that
 * resolution they are mapped through it. Client-only: pass it as an extra extension.
 */
export const CommentHighlights = Extension.create<CommentHighlightsOptions, CommentHighlightsStorage>({
  name: "commentHighlights",

  addOptions() {
    return { onStart: () => undefined, onThreadClick: () => undefined, onPositions: () => undefined };
  },

  addStorage() {
    return { canComment: false, threads: [], activeId: null };
  },

  addCommands() {
    return {
      startComment:
        () =>
        ({ state, tr, dispatch }) => {
          if (!this.storage.canComment) return false;
          const draft = draftFromSelection(state);
          if (!draft) return false;
          if (dispatch) {
            // The selection gives way to the draft's highlight and the composer.
            tr.setSelection(TextSelection.create(tr.doc, state.selection.to));
            this.options.onStart(draft);
          }
          return true;
        },
      setCommentHighlights:
        ({ threads, activeId, canComment }) =>
        ({ tr, dispatch }) => {
          if (dispatch) {
            Object.assign(this.storage, { threads, activeId, canComment });
            tr.setMeta(key, RECOMPUTE);
          }
          return true;
        },
    };
  },

  addKeyboardShortcuts() {
    return { "Mod-Alt-m": ({ editor }) => editor.commands.startComment() };
  },

  addProseMirrorPlugins() {
    const storage = this.storage;
    const options = this.options;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let lastPositions = "";
    const report = (positions: Map<string, number>) => {
      const signature = JSON.stringify([...positions]);
      if (signature === lastPositions) return;
      lastPositions = signature;
      options.onPositions(positions);
    };
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set, _old, state) {
            if (tr.getMeta(key) === RECOMPUTE) {
              const next = decorationsOf(state, storage);
              report(next.positions);
              return next.set;
            }
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        view(editorView) {
          // A read-only page never loses focus, so its selection would outlive a click elsewhere
          // (and keep the bubble menu up): follow the document's selection instead.
          const onSelectionChange = () => {
            if (editorView.editable || editorView.isDestroyed || editorView.state.selection.empty) return;
            const selection = document.getSelection();
            const inside = selection !== null && !selection.isCollapsed && selection.anchorNode !== null && editorView.dom.contains(selection.anchorNode);
            if (!inside) editorView.dispatch(editorView.state.tr.setSelection(TextSelection.create(editorView.state.doc, editorView.state.selection.to)));
          };
          document.addEventListener("selectionchange", onSelectionChange);
          return {
            update(view: EditorView, previous: EditorState) {
              if (view.state.doc.eq(previous.doc)) return;
              // The Yjs document takes a local change after this transaction (the sync
              // plugin's view runs on it first); resolve the anchors once it has.
              clearTimeout(pending);
              pending = setTimeout(() => {
                if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, RECOMPUTE));
              }, 0);
            },
            destroy() {
              clearTimeout(pending);
              document.removeEventListener("selectionchange", onSelectionChange);
            },
          };
        },
        props: {
          decorations: (state) => key.getState(state),
          handleDOMEvents: {
            click(_view, event) {
              const target = event.target instanceof Element ? event.target.closest("[data-comment-thread]") : null;
              const id = target?.getAttribute("data-comment-thread");
              if (!id) return false;
              options.onThreadClick(id);
              return false;
            },
          },
        },
      }),
    ];
  },
});

/** Whether the editor carries comment highlights and lets this user start threads. */
export function canStartComment(editor: Editor): boolean {
  const storage = (editor.storage as Partial<Editor["storage"]>).commentHighlights;
  return storage?.canComment === true;
}
