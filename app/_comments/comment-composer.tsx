"use client";

import { CrosshairIcon, XIcon } from "lucide-react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { Avatar } from "@/app/_components/ui/avatar";
import { Button } from "@/app/_components/ui/button";
import { Textarea } from "@/app/_components/ui/textarea";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { cn } from "@/app/_lib/cn";
import { useAction } from "@/app/_lib/use-action";
import { MAX_COMMENT_LENGTH } from "@/lib/comments/comment-input";
import { fromDisplayText, mentionQueryAt, toDisplayText, type Mention } from "@/lib/comments/mentions";
import { formatAnchor } from "@/lib/comments/threads";
import type { CommentPayload } from "@/lib/protocol/live";
import { matchMembers, useMembers, type MemberOption } from "./use-members";

type Anchor = NonNullable<CommentPayload["anchor"]>;

export interface CommentComposerProps {
  /** Workspace slug: its members are the @mention suggestions. */
  workspace: string;
  /** Sends the body (markdown with mention tokens); a throw keeps the draft and shows the message. */
  onSubmit: (body: string) => Promise<void>;
  /** Escape and the Cancel button; without it there is no Cancel button. */
  onCancel?: () => void;
  /** The stored body to start from, when editing. */
  initialBody?: string;
  submitLabel: string;
  placeholder: string;
  autoFocus?: boolean;
  /** Shown above the text; `onRemoveAnchor` offers to drop it. */
  anchor?: Anchor | null;
  onRemoveAnchor?: () => void;
  className?: string;
}

/**
 * Markdown text with @mention autocomplete (↑/↓, Enter or Tab to pick), Ctrl/⌘+Enter to send
 * and Escape to cancel. People see `@Name`; what is sent carries each mention's user id.
 */
export function CommentComposer(props: CommentComposerProps) {
  const { workspace, onSubmit, onCancel, submitLabel, placeholder, anchor, onRemoveAnchor } = props;
  const [initial] = useState(() => toDisplayText(props.initialBody ?? ""));
  const [text, setText] = useState(initial.text);
  const [picked, setPicked] = useState<Mention[]>(initial.mentions);
  const [typing, setTyping] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const { pending, error, run } = useAction();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const { members, loading } = useMembers(workspace, typing !== null);
  const options = typing ? matchMembers(members, typing.query) : [];
  const suggesting = typing !== null && (options.length > 0 || loading);

  const body = fromDisplayText(text, picked);
  const tooLong = body.length > MAX_COMMENT_LENGTH;
  const empty = text.trim().length === 0;

  const track = (value: string, caret: number) => {
    const next = mentionQueryAt(value, caret);
    setTyping(next);
    if (next?.query !== typing?.query) setActive(0);
  };

  const pick = (member: MemberOption) => {
    const el = textarea.current;
    if (!typing || !el) return;
    const caret = el.selectionStart;
    const inserted = `@${member.name} `;
    const value = text.slice(0, typing.start) + inserted + text.slice(caret);
    setText(value);
    setPicked((list) => [...list.filter((m) => m.id !== member.userId), { id: member.userId, name: member.name }]);
    setTyping(null);
    const at = typing.start + inserted.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const submit = () => {
    if (empty || tooLong || pending) return;
    run(async () => {
      await onSubmit(body);
      setText("");
      setPicked([]);
      setTyping(null);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter and Escape while an input method composes a character belong to it.
    if (event.nativeEvent.isComposing) return;
    if (suggesting && options.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((i) => (i + step + options.length) % options.length);
        return;
      }
      if ((event.key === "Enter" && !event.metaKey && !event.ctrlKey) || event.key === "Tab") {
        const member = options[active];
        if (member) {
          event.preventDefault();
          pick(member);
          return;
        }
      }
    }
    if (event.key === "Escape") {
      event.preventDefault();
      // Escape closes the suggestions first, then the composer.
      if (typing !== null) setTyping(null);
      else onCancel?.();
      event.stopPropagation();
      return;
    }
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className={cn("grid gap-2", props.className)}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {anchor ? (
        <div className="flex items-center gap-1.5 text-xs text-muted-foreground">
          <CrosshairIcon className="size-3.5" aria-hidden />
          <span>
            On <span className="font-mono text-foreground">{formatAnchor(anchor)}</span>
          </span>
          {onRemoveAnchor ? (
            <button
              type="button"
              onClick={onRemoveAnchor}
              aria-label="Comment on the whole run instead"
              className="rounded p-0.5 outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <XIcon className="size-3" />
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="relative">
        <Textarea
          ref={textarea}
          value={text}
          placeholder={placeholder}
          autoFocus={props.autoFocus}
          rows={3}
          className="resize-y"
          aria-label={placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={suggesting}
          aria-controls={suggesting ? listId : undefined}
          aria-activedescendant={suggesting && options[active] ? `${listId}-${active}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            track(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => setTyping(null)}
          onKeyDown={onKeyDown}
        />
        {suggesting ? (
          <ul
            id={listId}
            role="listbox"
            aria-label="People to mention"
            className="absolute inset-x-0 top-full z-50 mt-1 max-h-60 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md"
          >
            {options.length === 0 ? (
              <li className="flex items-center gap-2 px-2 py-1.5 text-sm text-muted-foreground">
                <Spinner className="size-3.5" /> Loading people…
              </li>
            ) : (
              options.map((member, i) => (
                <li
                  key={member.userId}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  // mousedown, not click: the textarea must not blur first.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(member);
                  }}
                  onMouseEnter={() => setActive(i)}
                  className={cn("flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm", i === active && "bg-accent text-accent-foreground")}
                >
                  <Avatar name={member.name} className="size-5 text-[9px]" />
                  <span className="truncate">{member.name}</span>
                  <span className="ml-auto truncate text-xs text-muted-foreground">{member.email}</span>
                </li>
              ))
            )}
          </ul>
        ) : null}
      </div>
      <FormError message={error} />
      <div className="flex items-center justify-end gap-2">
        <span className={cn("mr-auto text-xs text-muted-foreground", tooLong && "text-destructive")}>
          {body.length > MAX_COMMENT_LENGTH * 0.9 ? `${body.length.toLocaleString("en-US")} / ${MAX_COMMENT_LENGTH.toLocaleString("en-US")}` : "Markdown · @ to mention"}
        </span>
        {onCancel ? (
          <Button type="button" variant="ghost" size="sm" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" size="sm" disabled={empty || tooLong || pending} title="Ctrl/⌘+Enter">
          {pending ? <Spinner /> : null}
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
