"use client";

import { useSyncExternalStore } from "react";

// One interval for the whole page however many live durations are on screen.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, ticking every second while `live`; otherwise it never re-renders. */
export function useNow(live: boolean): number {
  return useSyncExternalStore(
    live ? subscribe : noSubscribe,
    () => (live ? now : 0),
    () => 0,
  );
}

function noSubscribe(): () => void {
  return () => {};
}
