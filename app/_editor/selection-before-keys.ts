import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";

/** The part of ProseMirror's DOM observer this relies on (not in its public types). */
interface DomObserver {
  flush(): void;
}

function domObserverOf(view: EditorView): DomObserver | null {
  const observer = (view as unknown as { domObserver?: Partial<DomObserver> }).domObserver;
  return typeof observer?.flush === "function" ? (observer as DomObserver) : null;
}

/**
 * ProseMirror learns where the caret went from the browser's `selectionchange` event, which
 * the browser queues as an ordinary task while it runs key events first. On a busy page (live
 * charts drawing, a burst of remote edits) a click followed quickly by a key — Enter, typing,
 * End then Enter — was handled at the caret's previous place: the line split, or the text
 * went, somewhere the user no longer saw the caret. Reading the DOM selection before each key
 * (what the observer does on `selectionchange`) makes keys act where the caret is shown.
 */
export const SelectionBeforeKeys = Extension.create({
  name: "selectionBeforeKeys",

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("selectionBeforeKeys"),
        props: {
          handleDOMEvents: {
            keydown(view) {
              // During composition the input method owns the selection.
              if (!view.composing && view.editable) domObserverOf(view)?.flush();
              return false;
            },
          },
        },
      }),
    ];
  },
});
