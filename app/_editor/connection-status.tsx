"use client";

import { cn } from "@/app/_lib/cn";
import type { ConnectionState } from "./use-collab-session";

const LABELS: Record<ConnectionState["kind"], string> = {
  connecting: "Connecting…",
  saved: "Saved",
  offline: "Offline — changes will sync",
  refused: "Disconnected",
};

const HINTS: Record<ConnectionState["kind"], string> = {
  connecting: "Loading the notebook from the server",
  saved: "Your changes reach everyone as you type",
  offline: "You can keep writing; your changes are sent when the connection returns",
  refused: "The server closed the connection",
};

/** The page's connection state in a few words, with a dot to scan for. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <span
      role="status"
      data-testid="connection-status"
      data-state={state.kind}
      title={state.kind === "refused" ? state.message : HINTS[state.kind]}
      className="inline-flex items-center gap-1.5 text-xs text-muted-foreground"
    >
      <span
        aria-hidden
        className={cn(
          "size-1.5 rounded-full",
          state.kind === "saved" ? "bg-emerald-500" : state.kind === "connecting" ? "animate-pulse bg-amber-500" : state.kind === "offline" ? "bg-amber-500" : "bg-destructive",
        )}
      />
      {LABELS[state.kind]}
    </span>
  );
}
