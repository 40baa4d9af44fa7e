"use client";

import { useCallback, useSyncExternalStore } from "react";

// `storage` fires only in other tabs; this event tells this tab's readers too.
const LOCAL_EVENT = "labbook:local-storage";

function subscribe(listener: () => void): () => void {
  window.addEventListener("storage", listener);
  window.addEventListener(LOCAL_EVENT, listener);
  return () => {
    window.removeEventListener("storage", listener);
    window.removeEventListener(LOCAL_EVENT, listener);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    // Storage can be disabled (privacy settings); the caller's default applies.
    return null;
  }
}

/**
 * A string kept in localStorage under `key`, shared by every reader in every tab. It is null
 * during server rendering and hydration, so the first client render matches the server's.
 */
export function useLocalStorage(key: string): [string | null, (value: string | null) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const set = useCallback(
    (next: string | null) => {
      try {
        if (next === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, next);
      } catch {
        // Storage disabled or full: the choice is simply not kept, which is no reason to fail.
      }
      window.dispatchEvent(new Event(LOCAL_EVENT));
    },
    [key],
  );
  return [value, set];
}
