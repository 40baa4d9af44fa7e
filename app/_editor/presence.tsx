"use client";

import { useEffect, useState } from "react";
import type { WebsocketProvider } from "y-websocket";
import { cn } from "@/app/_lib/cn";

/** Who is on the page, as their awareness state announces them. */
export interface PageUser {
  id: string;
  name: string;
  color: string;
}

const SHOWN = 6;

function isPageUser(value: unknown): value is PageUser {
  if (typeof value !== "object" || value === null) return false;
  const user = value as Record<string, unknown>;
  return typeof user.id === "string" && typeof user.name === "string" && typeof user.color === "string";
}

/** Everyone connected to the document, once per user however many tabs they have open, you first. */
export function usePageUsers(provider: WebsocketProvider, selfId: string): PageUser[] {
  const [users, setUsers] = useState<PageUser[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    const read = () => {
      const byId = new Map<string, PageUser>();
      for (const state of awareness.getStates().values()) {
        // Awareness is whatever other clients send: take only well-formed entries.
        const user: unknown = (state as { user?: unknown }).user;
        if (isPageUser(user) && !byId.has(user.id)) byId.set(user.id, { id: user.id, name: user.name.slice(0, 80), color: user.color });
      }
      setUsers([...byId.values()].sort((a, b) => (a.id === selfId ? -1 : b.id === selfId ? 1 : a.name.localeCompare(b.name))));
    };
    read();
    awareness.on("change", read);
    return () => awareness.off("change", read);
  }, [provider, selfId]);
  return users;
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase() ?? "")
      .join("") || "?"
  );
}

/** Avatars of everyone on the page, in their caret colours. */
export function PresenceAvatars({ users, selfId, className }: { users: readonly PageUser[]; selfId: string; className?: string }) {
  if (users.length === 0) return null;
  const shown = users.slice(0, SHOWN);
  const hidden = users.length - shown.length;
  const names = users.map((u) => (u.id === selfId ? `${u.name} (you)` : u.name)).join(", ");
  return (
    <ul aria-label={`On this page: ${names}`} title={names} data-testid="page-users" className={cn("flex -space-x-1.5", className)}>
      {shown.map((user) => (
        <li key={user.id} data-testid="page-user" data-name={user.name} className="rounded-full ring-2 ring-background">
          <span
            aria-hidden
            className="inline-flex size-7 items-center justify-center rounded-full text-[11px] font-semibold text-white select-none"
            style={{ backgroundColor: user.color }}
          >
            {initials(user.name)}
          </span>
          <span className="sr-only">{user.name}</span>
        </li>
      ))}
      {hidden > 0 ? (
        <li className="inline-flex size-7 items-center justify-center rounded-full bg-muted text-[11px] font-medium text-muted-foreground ring-2 ring-background">+{hidden}</li>
      ) : null}
    </ul>
  );
}
