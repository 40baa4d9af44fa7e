"use client";

import { useEffect, useRef, useState } from "react";
import type { Watcher } from "@/lib/protocol/live";
import { subscribeRun, type LiveStatus, type RunListener } from "./run-subscriptions";

/**
 * Subscribes to the live streams of `runIds` while mounted (and `enabled`). The handlers
 * are read through a ref, so passing new closures each render does not resubscribe.
 */
export function useRunLive(runIds: readonly string[], handlers: RunListener, enabled = true): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const ids = runIds.join(",");
  useEffect(() => {
    if (!enabled || !ids) return;
    const listener: RunListener = {
      points: (event) => latest.current.points?.(event),
      run: (event) => latest.current.run?.(event),
      watchers: (users) => latest.current.watchers?.(users),
      status: (status) => latest.current.status?.(status),
      resync: () => latest.current.resync?.(),
    };
    const stops = ids.split(",").map((id) => subscribeRun(id, listener));
    return () => stops.forEach((stop) => stop());
  }, [ids, enabled]);
}

/** Everyone watching any of the runs, each person once, in the order they were first seen. */
export function useWatchers(runIds: readonly string[]): readonly Watcher[] {
  const [byRun, setByRun] = useState<ReadonlyMap<string, readonly Watcher[]>>(new Map());
  const ids = runIds.join(",");
  useEffect(() => {
    if (!ids) return;
    const stops = ids.split(",").map((id) =>
      subscribeRun(id, {
        watchers: (users) =>
          setByRun((prev) => {
            const next = new Map(prev);
            next.set(id, users);
            return next;
          }),
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [ids]);
  const seen = new Map<string, Watcher>();
  for (const id of ids ? ids.split(",") : []) for (const user of byRun.get(id) ?? []) if (!seen.has(user.id)) seen.set(user.id, user);
  return [...seen.values()];
}

/** The weakest status among the runs' streams: live only when every one of them is. */
export function useLiveStatus(runIds: readonly string[]): LiveStatus {
  const [statuses, setStatuses] = useState<ReadonlyMap<string, LiveStatus>>(new Map());
  const ids = runIds.join(",");
  useEffect(() => {
    if (!ids) return;
    const stops = ids.split(",").map((id) =>
      subscribeRun(id, {
        status: (status) =>
          setStatuses((prev) => {
            if (prev.get(id) === status) return prev;
            const next = new Map(prev);
            next.set(id, status);
            return next;
          }),
      }),
    );
    return () => stops.forEach((stop) => stop());
  }, [ids]);
  const values = ids ? ids.split(",").map((id) => statuses.get(id) ?? "connecting") : [];
  if (values.includes("offline")) return "offline";
  if (values.includes("connecting")) return "connecting";
  return values.length > 0 ? "live" : "offline";
}

/**
 * Turns true once every run's stream has answered its subscribe (live or refused), or after
 * `timeoutMs`: charts fetch history after that, so the stream already carries whatever
 * history misses and no point falls between the two. Stays true once set.
 */
export function useStreamsSettled(runIds: readonly string[], enabled: boolean, timeoutMs = 1_500): boolean {
  const [settled, setSettled] = useState(false);
  const ids = runIds.join(",");
  useEffect(() => {
    if (!enabled || settled) return;
    if (!ids) {
      setSettled(true);
      return;
    }
    const list = ids.split(",");
    const pending = new Set(list);
    const timer = setTimeout(() => setSettled(true), timeoutMs);
    const stops = list.map((id) =>
      subscribeRun(id, {
        status: (status) => {
          if (status === "connecting") return;
          pending.delete(id);
          if (pending.size === 0) setSettled(true);
        },
      }),
    );
    return () => {
      clearTimeout(timer);
      stops.forEach((stop) => stop());
    };
  }, [ids, enabled, settled, timeoutMs]);
  return settled;
}
