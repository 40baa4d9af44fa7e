import { Node, type AnyExtension, type Editor } from "@tiptap/core";
import { TaskItem, TaskList } from "@tiptap/extension-list";
import { Mathematics } from "@tiptap/extension-mathematics";
import { TableKit } from "@tiptap/extension-table";
import type { Node as PmNode } from "@tiptap/pm/model";
import StarterKit from "@tiptap/starter-kit";
import { dataBlocks } from "./blocks";
import { CodeBlock } from "./code-block";
import { SafeImage } from "./image";
import { SafeLink } from "./link";
import { Title } from "./title";

/** The root: a title, then at least one block. */
const NotebookDocument = Node.create({ name: "doc", topNode: true, content: "title block+" });

/** Heading levels in the body (the title is its own node); Mod-Alt-1..3 set them. */
export const HEADING_LEVELS = [1, 2, 3] as const;

/** Client-only behaviour layered on the shared nodes. None of it may change the schema. */
export interface EditorExtensionOptions {
  /** Called when a rendered formula is clicked (the browser opens its editor). */
  onMathClick?: (kind: "inline" | "block", node: PmNode, pos: number) => void;
  /**
   * Replaces one shared extension by an extended version, e.g. to add a React node view:
   * `extend: (ext) => ext.name === "metricChart" ? ext.extend({ addNodeView: … }) : ext`.
   */
  extend?: (extension: AnyExtension) => AnyExtension;
}

/**
 * Every node and mark of a notebook page, without React: the single list the browser editor,
 * the server (reading, exporting, indexing documents) and the tests build their schema from.
 * Adding or changing a node here means bumping EDITOR_SCHEMA_VERSION and documenting it in
 * docs/notebook-schema.md.
 */
export function editorExtensions(options: EditorExtensionOptions = {}): AnyExtension[] {
  const { onMathClick, extend = (extension) => extension } = options;
  const shared: AnyExtension[] = [
    NotebookDocument,
    Title,
    StarterKit.configure({
      document: false,
      // Collaboration brings Yjs undo; ProseMirror's history would undo other people's edits.
      undoRedo: false,
      codeBlock: false,
      link: false,
      heading: { levels: [...HEADING_LEVELS] },
    }),
    SafeLink,
    CodeBlock,
    TaskList,
    TaskItem.configure({ nested: true }),
    TableKit.configure({ table: { resizable: false } }),
    SafeImage,
    Mathematics.configure({
      katexOptions: { throwOnError: false, strict: false, trust: false, maxSize: 20, maxExpand: 200 },
      inlineOptions: onMathClick ? { onClick: (node, pos) => onMathClick("inline", node, pos) } : {},
      blockOptions: onMathClick ? { onClick: (node, pos) => onMathClick("block", node, pos) } : {},
    }),
    ...dataBlocks,
  ];
  return shared.map(extend);
}

/** The editor type the client works with; re-exported so app code need not import @tiptap/core. */
export type { Editor };
