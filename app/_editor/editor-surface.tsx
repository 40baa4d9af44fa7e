"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { useEffect, useRef } from "react";
import { editorExtensions } from "@/lib/editor/extensions";
import { EDITOR_FRAGMENT } from "@/lib/editor/schema-version";
import type { PageUser } from "./presence";
import type { CollabSession } from "./use-collab-session";

/** Built when a remote change arrives through y-tiptap; local edits carry no such flag. */
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
  session: CollabSession;
  user: PageUser;
  editable: boolean;
  /** The title after a local edit changed it (remote edits are their author's to report). */
  onLocalTitleChange?: (title: string) => void;
  onReady?: (editor: Editor | null) => void;
}

/**
 * The collaborative editor of one page. Content lives only in the Yjs document (never passed
 * as `content`: every client would seed it again). Undo is Yjs's, per user.
 */
export function EditorSurface({ session, user, editable, onLocalTitleChange, onReady }: EditorSurfaceProps) {
  const titleChange = useRef(onLocalTitleChange);
  useEffect(() => {
    titleChange.current = onLocalTitleChange;
  }, [onLocalTitleChange]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      extensions: [
        ...editorExtensions(),
        Collaboration.configure({ document: session.doc, field: EDITOR_FRAGMENT }),
        CollaborationCaret.configure({ provider: session.provider, user: { id: user.id, name: user.name, color: user.color }, render: caret }),
        Placeholder.configure({
          includeChildren: false,
          showOnlyCurrent: false,
          // The empty title always says so; an empty paragraph hints only under the caret.
          placeholder: ({ node, hasAnchor }) => (node.type.name === "title" ? "Untitled" : hasAnchor && node.type.name === "paragraph" ? "Write, or type / for blocks" : ""),
        }),
      ],
      editorProps: {
        attributes: { class: "notebook-prose", "aria-label": "Notebook page", spellcheck: "true" },
      },
      onUpdate: ({ editor, transaction }) => {
        if (!transaction.docChanged || isRemote(transaction.getMeta(ySyncPluginKey))) return;
        const before = transaction.before.firstChild;
        const after = editor.state.doc.firstChild;
        if (after?.type.name === "title" && before?.textContent !== after.textContent) titleChange.current?.(after.textContent.trim());
      },
    },
    [session],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  useEffect(() => {
    onReady?.(editor);
    return () => onReady?.(null);
  }, [editor, onReady]);

  return <EditorContent editor={editor} className="notebook-editor" data-editable={editable} />;
}
