"use client";

import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { BubbleMenu } from "@tiptap/react/menus";
import { ArrowDownToLineIcon, ArrowRightToLineIcon, Columns3Icon, Rows3Icon, TableIcon, Trash2Icon } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { codeLanguages } from "@/lib/editor/code-block";

function Action({ label, onClick, children }: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className="inline-flex h-7 items-center gap-1 rounded px-1.5 text-xs text-muted-foreground hover:bg-accent hover:text-foreground [&_svg]:size-3.5"
    >
      {children}
    </button>
  );
}

const menuClass = "flex items-center gap-0.5 rounded-lg border bg-popover p-1 text-popover-foreground shadow-md";

type ShouldShow = NonNullable<ComponentProps<typeof BubbleMenu>["shouldShow"]>;
// Module-level, so they keep their identity: the bubble menu re-sends changed options to its plugin.
const showInTable: ShouldShow = ({ editor, state }) => editor.isEditable && editor.isActive("table") && state.selection.empty;
const showInCodeBlock: ShouldShow = ({ editor }) => editor.isEditable && editor.isActive("codeBlock");
const tableMenuOptions = { placement: "top-start" } as const;
const codeBlockMenuOptions = { placement: "top-end" } as const;

/** Rows, columns and header of the table under the caret. */
export function TableMenu({ editor }: { editor: Editor }) {
  const run = (f: (c: ReturnType<Editor["chain"]>) => ReturnType<Editor["chain"]>) => f(editor.chain().focus()).run();
  return (
    <BubbleMenu
      editor={editor}
      pluginKey="tableMenu"
      shouldShow={showInTable}
      options={tableMenuOptions}
      className={menuClass}
    >
      <Action label="Add a row below" onClick={() => run((c) => c.addRowAfter())}>
        <ArrowDownToLineIcon />
        Row
      </Action>
      <Action label="Add a column to the right" onClick={() => run((c) => c.addColumnAfter())}>
        <ArrowRightToLineIcon />
        Column
      </Action>
      <Action label="Delete this row" onClick={() => run((c) => c.deleteRow())}>
        <Rows3Icon />
        Delete row
      </Action>
      <Action label="Delete this column" onClick={() => run((c) => c.deleteColumn())}>
        <Columns3Icon />
        Delete column
      </Action>
      <Action label="Toggle the header row" onClick={() => run((c) => c.toggleHeaderRow())}>
        <TableIcon />
        Header
      </Action>
      <Action label="Delete the table" onClick={() => run((c) => c.deleteTable())}>
        <Trash2Icon />
      </Action>
    </BubbleMenu>
  );
}

/** The language of the code block under the caret (it picks the highlighting). */
export function CodeBlockMenu({ editor }: { editor: Editor }) {
  const language = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const value = (e.getAttributes("codeBlock") as { language?: unknown }).language;
      return typeof value === "string" ? value : "";
    },
  });
  return (
    <BubbleMenu
      editor={editor}
      pluginKey="codeBlockMenu"
      shouldShow={showInCodeBlock}
      options={codeBlockMenuOptions}
      className={menuClass}
    >
      <select
        aria-label="Code language"
        value={language}
        onChange={(event) => editor.chain().focus().updateAttributes("codeBlock", { language: event.target.value || null }).run()}
        className="h-7 rounded bg-transparent px-1 text-xs outline-none"
      >
        <option value="">Plain text</option>
        {codeLanguages.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </BubbleMenu>
  );
}
