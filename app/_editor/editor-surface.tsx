"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import type { AnyExtension } from "@tiptap/core";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { withNodeViews } from "@/app/_blocks/node-views";
import { DecisionIds } from "@/lib/editor/decision-ids";
import { editorExtensions } from "@/lib/editor/extensions";
import { EDITOR_FRAGMENT } from "@/lib/editor/schema-version";
import { CodeBlockMenu, TableMenu } from "./block-menus";
import type { BlockCommandHost } from "./block-commands";
import { FormatMenu } from "./format-menu";
import { MathDialog, type MathEdit } from "./math-dialog";
import type { PageUser } from "./presence";
import { PendingSelection } from "./pending-selection";
import { SlashMenu, SlashMenuStore } from "./slash-menu";
import { SlashMenuView } from "./slash-menu-view";
import { errorMessage, IMAGE_TYPES, imageFiles, uploadImage } from "./upload-image";
import type { CollabSession } from "./use-collab-session";

/** Set on transactions y-tiptap builds from remote changes; local edits carry no such flag. */
function isRemote(meta: unknown): boolean {
  return typeof meta === "object" && meta !== null && (meta as { isChangeOrigin?: unknown }).isChangeOrigin === true;
}

function caret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === "string" ? user.color : "#2563eb";
  const name = typeof user.name === "string" ? user.name : "Someone";
  const cursor = document.createElement("span");
  cursor.classList.add("collaboration-carets__caret");
  cursor.style.borderColor = color;
  const label = document.createElement("span");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = color;
  // textContent, not innerHTML: the name comes from another client.
  label.textContent = name;
  cursor.append(label);
  return cursor;
}

export interface EditorSurfaceProps {
  notebookId: string;
  session: CollabSession;
  user: PageUser;
  editable: boolean;
  /** Shown greyed in an empty title: the notebook record's title, until the page has its own. */
  titlePlaceholder: string;
  /** The title after a local edit changed it (remote edits are their author's to report). */
  onLocalTitleChange?: (title: string) => void;
  /** Client-only extensions of the page (comment highlights, …); they may not change the schema. */
  extraExtensions?: readonly AnyExtension[];
  /** Told the editor once it exists, and null when it goes. */
  onEditor?: (editor: Editor | null) => void;
}

/**
 * The collaborative editor of one page. Content lives only in the Yjs document (never passed
 * as `content`: every client would seed it again). Undo is Yjs's, per user.
 */
export function EditorSurface({ notebookId, session, user, editable, titlePlaceholder, onLocalTitleChange, extraExtensions = [], onEditor }: EditorSurfaceProps) {
  const titleChange = useRef(onLocalTitleChange);
  useEffect(() => {
    titleChange.current = onLocalTitleChange;
  }, [onLocalTitleChange]);
  const [mathEdit, setMathEdit] = useState<MathEdit | null>(null);
  const [linkRequest, setLinkRequest] = useState(0);
  const slashStore = useMemo(() => new SlashMenuStore(), []);
  const fileInput = useRef<HTMLInputElement>(null);
  const editorRef = useRef<Editor | null>(null);

  const insertImages = useCallback(
    (files: readonly File[], at?: number) => {
      for (const file of files) {
        const pending = toast.loading(`Uploading ${file.name || "image"}…`);
        uploadImage(notebookId, file)
          .then((src) => {
            const editor = editorRef.current;
            if (!editor || editor.isDestroyed) return;
            const image = { type: "image", attrs: { src, alt: file.name.replace(/\.[a-z0-9]+$/i, "") || null } };
            if (at === undefined) editor.chain().focus().insertContent(image).run();
            else editor.chain().insertContentAt(at, image).run();
            toast.dismiss(pending);
          })
          .catch((error: unknown) => toast.error(errorMessage(error), { id: pending }));
      }
    },
    [notebookId],
  );

  const host: BlockCommandHost = useMemo(
    () => ({
      insertMath: (kind) => setMathEdit({ kind, latex: "", pos: null }),
      pickImage: () => fileInput.current?.click(),
    }),
    [],
  );

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      extensions: [
        ...editorExtensions({
          extend: withNodeViews,
          onMathClick: (kind, node, pos) => {
            if (editorRef.current?.isEditable) setMathEdit({ kind, latex: String(node.attrs.latex ?? ""), pos });
          },
        }),
        Collaboration.configure({ document: session.doc, field: EDITOR_FRAGMENT }),
        CollaborationCaret.configure({ provider: session.provider, user: { id: user.id, name: user.name, color: user.color }, render: caret }),
        Placeholder.configure({
          includeChildren: false,
          showOnlyCurrent: false,
          // The empty title always says so; an empty paragraph hints only under the caret.
          placeholder: ({ node, hasAnchor }) => (node.type.name === "title" ? titlePlaceholder || "Untitled" : hasAnchor && node.type.name === "paragraph" ? "Write, or type / for blocks" : ""),
        }),
        SlashMenu.configure({ store: slashStore, onPick: (e, range, item) => item.run(e, range, host) }),
        DecisionIds,
        PendingSelection.configure({ document: session.doc }),
        ...extraExtensions,
      ],
      editorProps: {
        attributes: { class: "notebook-prose", "aria-label": "Notebook page", spellcheck: "true" },
        handleKeyDown: (view, event) => {
          if (event.key.toLowerCase() !== "k" || !(event.metaKey || event.ctrlKey) || event.shiftKey || event.altKey) return false;
          // Mod-K edits the link at the caret or links the selection; the browser's own Mod-K never fires here.
          if (view.editable && (!view.state.selection.empty || editorRef.current?.isActive("link"))) setLinkRequest((n) => n + 1);
          return true;
        },
        handlePaste: (view, event) => {
          const files = imageFiles(event.clipboardData);
          if (!view.editable || files.length === 0) return false;
          insertImages(files);
          return true;
        },
        handleDrop: (view, event, _slice, moved) => {
          const files = imageFiles(event.dataTransfer);
          if (moved || !view.editable || files.length === 0) return false;
          const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
          insertImages(files, at);
          return true;
        },
      },
      onUpdate: ({ editor: e, transaction }) => {
        if (!transaction.docChanged || isRemote(transaction.getMeta(ySyncPluginKey))) return;
        const before = transaction.before.firstChild;
        const after = e.state.doc.firstChild;
        if (after?.type.name === "title" && before?.textContent !== after.textContent) titleChange.current?.(after.textContent.trim());
      },
    },
    [session],
  );

  useEffect(() => {
    editorRef.current = editor;
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  const closeMath = () => {
    setMathEdit(null);
    editor?.commands.focus();
  };

  return (
    <>
      <EditorContent editor={editor} className="notebook-editor" data-editable={editable} />
      {editor ? (
        <>
          <FormatMenu editor={editor} linkRequest={linkRequest} />
          <TableMenu editor={editor} />
          <CodeBlockMenu editor={editor} />
        </>
      ) : null}
      <SlashMenuView store={slashStore} />
      <input
        ref={fileInput}
        type="file"
        accept={IMAGE_TYPES.join(",")}
        multiple
        hidden
        data-testid="image-input"
        onChange={(event) => {
          insertImages(Array.from(event.target.files ?? []));
          event.target.value = "";
        }}
      />
      {mathEdit && editor ? (
        <MathDialog
          edit={mathEdit}
          onClose={closeMath}
          onDelete={() => {
            if (mathEdit.pos !== null) {
              if (mathEdit.kind === "block") editor.commands.deleteBlockMath({ pos: mathEdit.pos });
              else editor.commands.deleteInlineMath({ pos: mathEdit.pos });
            }
            closeMath();
          }}
          onSave={(latex) => {
            const { kind, pos } = mathEdit;
            if (pos === null) {
              if (kind === "block") editor.commands.insertBlockMath({ latex });
              else editor.commands.insertInlineMath({ latex });
            } else if (kind === "block") editor.commands.updateBlockMath({ latex, pos });
            else editor.commands.updateInlineMath({ latex, pos });
            closeMath();
          }}
        />
      ) : null}
    </>
  );
}
