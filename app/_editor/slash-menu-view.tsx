"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { cn } from "@/app/_lib/cn";
import type { SlashMenuStore } from "./slash-menu";

const MENU_WIDTH = 288;
const MENU_MAX_HEIGHT = 320;

/** The `/` menu, drawn under the caret while the slash plugin has it open. */
export function SlashMenuView({ store }: { store: SlashMenuStore }) {
  const state = useSyncExternalStore(store.subscribe, store.get, () => null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: "nearest" });
  }, [state?.selected]);

  if (!state?.rect) return null;
  const below = state.rect.bottom + 6 + MENU_MAX_HEIGHT < window.innerHeight;
  const top = below ? state.rect.bottom + 6 : Math.max(8, state.rect.top - 6 - MENU_MAX_HEIGHT);
  const left = Math.min(state.rect.left, window.innerWidth - MENU_WIDTH - 8);

  return (
    <div
      data-testid="slash-menu"
      className="fixed z-50 overflow-hidden rounded-lg border bg-popover text-popover-foreground shadow-lg"
      style={{ top, left, width: MENU_WIDTH }}
      // Keep the editor's focus and selection while clicking an entry.
      onMouseDown={(event) => event.preventDefault()}
    >
      {state.items.length === 0 ? (
        <p className="px-3 py-2.5 text-sm text-muted-foreground">No block matches</p>
      ) : (
        <ul ref={list} role="listbox" aria-label="Insert a block" className="overflow-y-auto p-1" style={{ maxHeight: MENU_MAX_HEIGHT }}>
          {state.items.map((item, index) => (
            <li
              key={item.id}
              role="option"
              aria-selected={index === state.selected}
              onClick={() => state.pick(item)}
              className={cn("flex cursor-pointer items-center gap-3 rounded-md px-2.5 py-1.5 text-sm", index === state.selected && "bg-accent text-accent-foreground")}
            >
              <div className="min-w-0 flex-1">
                <div className="font-medium">{item.title}</div>
                <div className="truncate text-xs text-muted-foreground">{item.hint}</div>
              </div>
              {item.shortcut ? <kbd className="font-mono text-[11px] text-muted-foreground">{item.shortcut}</kbd> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
