"use client";

import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { TextSelection } from "@tiptap/pm/state";
import { BubbleMenu } from "@tiptap/react/menus";
import { BoldIcon, CodeIcon, ExternalLinkIcon, ItalicIcon, LinkIcon, MessageSquarePlusIcon, StrikethroughIcon, UnlinkIcon } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState, type ComponentProps, type ReactNode } from "react";
import { cn } from "@/app/_lib/cn";
import { sanitizeHref } from "@/lib/editor/safe-url";
import { canStartComment } from "./comment-highlights";

function ToolButton({ label, active, onClick, children }: { label: string; active?: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={active}
      title={label}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className={cn("inline-flex size-7 items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground [&_svg]:size-4", active && "bg-accent text-foreground")}
    >
      {children}
    </button>
  );
}

function LinkForm({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const current = (editor.getAttributes("link") as { href?: unknown }).href;
  const [href, setHref] = useState(typeof current === "string" ? current : "");
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      className="flex items-center gap-1 p-1"
      onSubmit={(event) => {
        event.preventDefault();
        const value = href.trim();
        if (value === "") {
          editor.chain().focus().extendMarkRange("link").unsetLink().run();
          return onDone();
        }
        // Bare domains become https links, as autolinking does.
        const candidate = /^[\w-]+(\.[\w-]+)+(\/|$)/.test(value) ? `https://${value}` : value;
        if (sanitizeHref(candidate) === null) return setError("Only web, mail and phone links, or paths in Labbook");
        editor.chain().focus().extendMarkRange("link").setLink({ href: candidate }).run();
        onDone();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          editor.commands.focus();
          onDone();
        }
      }}
    >
      <div className="grid">
        <input
          ref={input}
          aria-label="Link address"
          placeholder="https://… or /workspace/project/runs/…"
          value={href}
          onChange={(event) => {
            setHref(event.target.value);
            setError(null);
          }}
          className="h-7 w-64 rounded border bg-background px-2 text-sm outline-none focus:ring-1 focus:ring-ring"
        />
        {error ? <span role="alert" className="px-1 pt-1 text-xs text-destructive">{error}</span> : null}
      </div>
      <button type="submit" className="h-7 rounded px-2 text-xs font-medium hover:bg-accent">
        Apply
      </button>
    </form>
  );
}

/**
 * Formatting for selected text, the link editor (Mod-K or the link button), and Comment
 * (Mod-Alt-M) for commenters. Shown on a text selection, or with the caret inside a link; on a
 * read-only page it shows on a selection for commenters, with Comment only.
 */
export function FormatMenu({ editor, linkRequest }: { editor: Editor; linkRequest: number }) {
  const [editingLink, setEditingLink] = useState(false);
  const editingRef = useRef(editingLink);
  useEffect(() => {
    editingRef.current = editingLink;
  }, [editingLink]);
  const [seenRequest, setSeenRequest] = useState(linkRequest);
  if (seenRequest !== linkRequest) {
    setSeenRequest(linkRequest);
    setEditingLink(true);
  }
  // Stable props: the bubble menu re-sends changed options to its plugin with a transaction.
  const shouldShow = useCallback<NonNullable<ComponentProps<typeof BubbleMenu>["shouldShow"]>>(({ editor: e, state }) => {
    const selected = state.selection instanceof TextSelection && !state.selection.empty;
    if (!e.isEditable) return selected && canStartComment(e);
    if (e.isActive("codeBlock")) return false;
    if (editingRef.current) return true;
    return selected || e.isActive("link");
  }, []);
  const options = useMemo(() => ({ placement: "top" as const, onHide: () => setEditingLink(false) }), []);
  const marks = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      strike: e.isActive("strike"),
      code: e.isActive("code"),
      link: e.isActive("link"),
      href: sanitizeHref((e.getAttributes("link") as { href?: unknown }).href),
      editable: e.isEditable,
      comment: canStartComment(e),
    }),
  });
  const comment = marks.comment ? (
    <ToolButton label="Comment (Mod-Alt-M)" onClick={() => editor.commands.startComment()}>
      <MessageSquarePlusIcon />
    </ToolButton>
  ) : null;

  return (
    <BubbleMenu
      editor={editor}
      pluginKey="formatMenu"
      shouldShow={shouldShow}
      options={options}
      className="flex items-center gap-0.5 rounded-lg border bg-popover p-1 text-popover-foreground shadow-md"
    >
      {!marks.editable ? (
        comment
      ) : editingLink ? (
        <LinkForm editor={editor} onDone={() => setEditingLink(false)} />
      ) : (
        <>
          <ToolButton label="Bold (Mod-B)" active={marks.bold} onClick={() => editor.chain().focus().toggleBold().run()}>
            <BoldIcon />
          </ToolButton>
          <ToolButton label="Italic (Mod-I)" active={marks.italic} onClick={() => editor.chain().focus().toggleItalic().run()}>
            <ItalicIcon />
          </ToolButton>
          <ToolButton label="Strikethrough (Mod-Shift-S)" active={marks.strike} onClick={() => editor.chain().focus().toggleStrike().run()}>
            <StrikethroughIcon />
          </ToolButton>
          <ToolButton label="Code (Mod-E)" active={marks.code} onClick={() => editor.chain().focus().toggleCode().run()}>
            <CodeIcon />
          </ToolButton>
          <span aria-hidden className="mx-0.5 h-5 w-px bg-border" />
          <ToolButton label="Link (Mod-K)" active={marks.link} onClick={() => setEditingLink(true)}>
            <LinkIcon />
          </ToolButton>
          {marks.href ? (
            <ToolButton label="Open link in a new tab" onClick={() => window.open(marks.href ?? "", "_blank", "noopener,noreferrer")}>
              <ExternalLinkIcon />
            </ToolButton>
          ) : null}
          {marks.link ? (
            <ToolButton label="Remove link" onClick={() => editor.chain().focus().extendMarkRange("link").unsetLink().run()}>
              <UnlinkIcon />
            </ToolButton>
          ) : null}
          {comment ? (
            <>
              <span aria-hidden className="mx-0.5 h-5 w-px bg-border" />
              {comment}
            </>
          ) : null}
        </>
      )}
    </BubbleMenu>
  );
}
