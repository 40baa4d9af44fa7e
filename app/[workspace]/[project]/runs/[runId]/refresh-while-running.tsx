"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** How often a running run's page re-reads the server (status, new metric keys). */
const REFRESH_MS = 10_000;

/**
 * Re-renders the page from the server every ten seconds while the run is running, so its
 * status turns finished, or crashed when the server stops hearing from it, without a reload.
 */
export function RefreshWhileRunning({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, router]);
  return null;
}
