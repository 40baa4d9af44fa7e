"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useRunLive } from "@/app/_live/use-run-live";

/** How often a live run's page re-reads the server (status, new metric keys). */
const REFRESH_MS = 10_000;

/**
 * Re-renders the page from the server when the live stream says the run's status changed,
 * and every ten seconds while the run is live (the stream may be unavailable), so its
 * status turns finished, or crashed when the server stops hearing from it (and running
 * again when it comes back), without a reload.
 */
export function RefreshWhileLive({ runId, live }: { runId: string; live: boolean }) {
  const router = useRouter();
  useRunLive([runId], { run: () => router.refresh() });
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, router]);
  return null;
}
