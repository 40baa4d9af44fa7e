"use client";

import { useCallback, useState, useTransition } from "react";
import { errorMessage } from "./api";

/**
 * Runs a client mutation as a transition: `pending` stays true through the navigation or
 * refresh that follows it, and a failure becomes `error` (the API's own message).
 */
export function useAction() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = useCallback((action: () => Promise<void>) => {
    setError(null);
    startTransition(async () => {
      try {
        await action();
      } catch (caught) {
        setError(errorMessage(caught));
      }
    });
  }, []);
  return { pending, error, setError, run };
}
