import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";

/*
 * ProseMirror learns where the caret went from the browser's `selectionchange` event, which
 * the browser queues as an ordinary task, run after input events and after messages already
 * waiting. Until then the editor still holds the caret's previous place, and two things act
 * on it:
 * - a key pressed quickly after a click (Enter, typing, End then Enter) split the line or
 *   inserted the text where the caret had been, not where it was shown;
 * - a collaborator's edit arriving in between redrew the page with the caret put back where
 *   the editor thought it was: the click was lost (y-prosemirror issue #146).
 * Reading the DOM selection first — what ProseMirror's observer does on `selectionchange` —
 * makes both act on the caret the user sees. (A collaborator's caret moving is redrawn by the
 * caret plugin in a later timer task, not covered here.)
 */

/** The part of ProseMirror's DOM observer this relies on (not in its public types). */
interface DomObserver {
  flush(): void;
}

/** Reads a DOM selection (and DOM changes) the editor has not taken in yet. */
function readPendingSelection(view: EditorView): void {
  if (view.isDestroyed || view.composing || !view.editable) return;
  const observer = (view as unknown as { domObserver?: Partial<DomObserver> }).domObserver;
  if (typeof observer?.flush === "function") observer.flush();
}

export interface PendingSelectionOptions {
  /** The shared document whose changes from elsewhere should meet the current caret. */
  document: Y.Doc | null;
}

/**
 * Reads the pending DOM selection before each key is handled and before a change that is not
 * this editor's own is applied to the shared document. For the latter, the sync plugin takes
 * the caret it restores afterwards from the editor's state, which this brings up to date.
 */
export const PendingSelection = Extension.create<PendingSelectionOptions>({
  name: "pendingSelection",

  addOptions() {
    return { document: null };
  },

  addProseMirrorPlugins() {
    const doc = this.options.document;
    return [
      new Plugin({
        key: new PluginKey("pendingSelection"),
        view(view) {
          // The editor's own writes start from its state, which is current.
          const beforeTransaction = (transaction: Y.Transaction) => {
            if (transaction.origin !== ySyncPluginKey) readPendingSelection(view);
          };
          doc?.on("beforeTransaction", beforeTransaction);
          return { destroy: () => doc?.off("beforeTransaction", beforeTransaction) };
        },
        props: {
          handleDOMEvents: {
            keydown(view) {
              readPendingSelection(view);
              return false;
            },
          },
        },
      }),
    ];
  },
});
