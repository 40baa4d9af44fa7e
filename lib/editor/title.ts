import { Node } from "@tiptap/core";
import { TextSelection } from "@tiptap/pm/state";

/**
 * The page title: the document's first node, plain text. The notebook record's title follows
 * it, so renaming from the list and editing the page change the same thing.
 */
export const Title = Node.create({
  name: "title",
  content: "text*",
  marks: "",
  defining: true,
  parseHTML() {
    return [{ tag: 'h1[data-type="title"]', priority: 60 }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["h1", { ...HTMLAttributes, "data-type": "title" }, 0];
  },
  addKeyboardShortcuts() {
    return {
      // Enter in the title moves to the body instead of splitting the title.
      Enter: ({ editor }) => {
        const { state } = editor;
        const { $from } = state.selection;
        if ($from.parent.type !== this.type) return false;
        const after = $from.after();
        const next = state.doc.nodeAt(after);
        const tr = state.tr;
        if (!next || !next.isTextblock || next.content.size > 0) {
          const paragraph = state.schema.nodes.paragraph?.create();
          if (!paragraph) return false;
          tr.insert(after, paragraph);
        }
        tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView();
        editor.view.dispatch(tr);
        return true;
      },
    };
  },
});
