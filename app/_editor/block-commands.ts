import type { Editor, Range } from "@tiptap/core";
import { newDecisionAttrs } from "./decision-view";

/** What a block command may ask of the page beyond the editor itself. */
export interface BlockCommandHost {
  /** Opens the formula editor to insert a formula at the caret. */
  insertMath: (kind: "inline" | "block") => void;
  /** Asks for an image file and uploads it at the caret. */
  pickImage: () => void;
}

/** One entry of the `/` menu. */
export interface BlockCommand {
  id: string;
  title: string;
  hint: string;
  /** Extra words it is found by. */
  keywords: string;
  /** The markdown shortcut or key that does the same, shown beside it. */
  shortcut?: string;
  run: (editor: Editor, range: Range, host: BlockCommandHost) => void;
}

const chain = (editor: Editor, range: Range) => editor.chain().focus().deleteRange(range);

/** The blocks the `/` menu inserts, in menu order. */
export const blockCommands: readonly BlockCommand[] = [
  { id: "paragraph", title: "Text", hint: "Plain paragraph", keywords: "paragraph body p", run: (e, r) => chain(e, r).setParagraph().run() },
  { id: "h1", title: "Heading 1", hint: "Section title", keywords: "h1 title big", shortcut: "#", run: (e, r) => chain(e, r).setHeading({ level: 1 }).run() },
  { id: "h2", title: "Heading 2", hint: "Subsection", keywords: "h2 subtitle", shortcut: "##", run: (e, r) => chain(e, r).setHeading({ level: 2 }).run() },
  { id: "h3", title: "Heading 3", hint: "Small heading", keywords: "h3", shortcut: "###", run: (e, r) => chain(e, r).setHeading({ level: 3 }).run() },
  { id: "bullets", title: "Bulleted list", hint: "A simple list", keywords: "ul unordered bullet", shortcut: "-", run: (e, r) => chain(e, r).toggleBulletList().run() },
  { id: "numbers", title: "Numbered list", hint: "Steps in order", keywords: "ol ordered numbered", shortcut: "1.", run: (e, r) => chain(e, r).toggleOrderedList().run() },
  { id: "tasks", title: "To-do list", hint: "Checkboxes to tick off", keywords: "task todo checkbox checklist", shortcut: "[ ]", run: (e, r) => chain(e, r).toggleTaskList().run() },
  { id: "quote", title: "Quote", hint: "Set a passage apart", keywords: "blockquote citation", shortcut: ">", run: (e, r) => chain(e, r).toggleBlockquote().run() },
  { id: "code", title: "Code block", hint: "With syntax highlighting", keywords: "code snippet pre python", shortcut: "```", run: (e, r) => chain(e, r).toggleCodeBlock().run() },
  {
    id: "table",
    title: "Table",
    hint: "Rows and columns",
    keywords: "table grid results",
    run: (e, r) => chain(e, r).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
  },
  {
    id: "math-block",
    title: "Formula",
    hint: "A displayed LaTeX equation",
    keywords: "math equation latex katex formula block",
    shortcut: "$$$…$$$",
    run: (e, r, host) => {
      chain(e, r).run();
      host.insertMath("block");
    },
  },
  {
    id: "math-inline",
    title: "Inline formula",
    hint: "LaTeX inside a sentence",
    keywords: "math equation latex katex inline",
    shortcut: "$$…$$",
    run: (e, r, host) => {
      chain(e, r).run();
      host.insertMath("inline");
    },
  },
  {
    id: "image",
    title: "Image",
    hint: "Upload a PNG, JPEG, GIF or WebP",
    keywords: "image picture screenshot upload photo figure",
    run: (e, r, host) => {
      chain(e, r).run();
      host.pickImage();
    },
  },
  {
    id: "chart",
    title: "Chart",
    hint: "Live curves of runs' metrics",
    keywords: "chart plot metric curve graph live runs loss",
    run: (e, r) => chain(e, r).insertContent({ type: "metricChart" }).run(),
  },
  {
    id: "run-table",
    title: "Run table",
    hint: "Runs with their params and metrics",
    keywords: "runs table experiments params metrics list",
    run: (e, r) => chain(e, r).insertContent({ type: "runTable" }).run(),
  },
  {
    id: "decision",
    title: "Decision",
    hint: "Record what was decided, why, and on which runs",
    keywords: "decision log adr choice accepted proposed rationale",
    run: (e, r) => chain(e, r).insertContent({ type: "decision", attrs: newDecisionAttrs() }).run(),
  },
  {
    id: "callout",
    title: "Callout",
    hint: "An annotation set apart",
    keywords: "callout note info warning annotation aside box",
    run: (e, r) => chain(e, r).wrapIn("callout").run(),
  },
  { id: "divider", title: "Divider", hint: "A horizontal rule", keywords: "hr rule line separator", shortcut: "---", run: (e, r) => chain(e, r).setHorizontalRule().run() },
];

/** Commands matching what was typed after `/`: by title first, then by keyword. */
export function filterBlockCommands(query: string): BlockCommand[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...blockCommands];
  const byTitle = blockCommands.filter((c) => c.title.toLowerCase().includes(q));
  const byKeyword = blockCommands.filter((c) => !byTitle.includes(c) && c.keywords.includes(q));
  return [...byTitle, ...byKeyword];
}
