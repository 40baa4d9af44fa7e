import { Extension, type Editor, type Range } from "@tiptap/core";
import { PluginKey } from "@tiptap/pm/state";
import { exitSuggestion, Suggestion } from "@tiptap/suggestion";
import { filterBlockCommands, type BlockCommand } from "./block-commands";

/** What the open `/` menu shows; null when closed. */
export interface SlashMenuState {
  items: BlockCommand[];
  selected: number;
  rect: DOMRect | null;
  pick: (item: BlockCommand) => void;
}

/** A tiny store between the ProseMirror plugin and the React menu that draws it. */
export class SlashMenuStore {
  private state: SlashMenuState | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly get = () => this.state;

  set(state: SlashMenuState | null): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  move(delta: number): void {
    if (!this.state || this.state.items.length === 0) return;
    const n = this.state.items.length;
    this.set({ ...this.state, selected: (this.state.selected + delta + n) % n });
  }

  pickSelected(): boolean {
    const item = this.state?.items[this.state.selected];
    if (!this.state || !item) return false;
    this.state.pick(item);
    return true;
  }
}

const slashMenuKey = new PluginKey("slashMenu");

/** `/` at the start of a word opens the block menu; arrows move, Enter inserts, Escape closes. */
export const SlashMenu = Extension.create<{ store: SlashMenuStore | null; onPick: (editor: Editor, range: Range, item: BlockCommand) => void }>({
  name: "slashMenu",
  addOptions() {
    return { store: null, onPick: () => undefined };
  },
  addProseMirrorPlugins() {
    const { store, onPick } = this.options;
    if (!store) return [];
    const editor = this.editor;
    return [
      Suggestion<BlockCommand, BlockCommand>({
        pluginKey: slashMenuKey,
        editor: this.editor,
        char: "/",
        allowSpaces: false,
        startOfLine: false,
        allowedPrefixes: [" "],
        // Not inside code, where "/" is just a character.
        allow: ({ state, range }) => !state.doc.resolve(range.from).parent.type.spec.code,
        items: ({ query }) => filterBlockCommands(query),
        command: ({ editor, range, props }) => onPick(editor, range, props),
        render: () => {
          const show = (props: { items: BlockCommand[]; clientRect?: (() => DOMRect | null) | null; command: (item: BlockCommand) => void }) =>
            store.set({ items: props.items, selected: 0, rect: props.clientRect?.() ?? null, pick: props.command });
          return {
            onStart: show,
            onUpdate: show,
            onExit: () => store.set(null),
            onKeyDown: ({ event }) => {
              if (!store.get()) return false;
              if (event.key === "ArrowDown") return store.move(1), true;
              if (event.key === "ArrowUp") return store.move(-1), true;
              if (event.key === "Enter" || event.key === "Tab") return store.pickSelected();
              if (event.key === "Escape") return exitSuggestion(editor.view, slashMenuKey), true;
              return false;
            },
          };
        },
      }),
    ];
  },
});
