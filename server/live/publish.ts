import type { Bus } from "@/lib/bus/bus";
import type { FreshPoints } from "@/lib/metrics/append-metric-points";
import { encodeValue } from "@/lib/metrics/metric-input";
import type { RunEvent } from "@/lib/protocol/live";
import type { getRunView } from "@/lib/runs/get-run";

/** Tells live subscribers about the points a commit stored: one `points` message per key. Call after the commit. */
export function publishPoints(bus: Bus, runId: string, fresh: readonly FreshPoints[]): void {
  const committedAt = Date.now();
  const iso = isoTimes();
  for (const { key, steps, values, times } of fresh) {
    if (steps.length === 0) continue;
    bus.publish({
      type: "points",
      committedAt,
      event: { runId, key, steps, values: values.map((v) => encodeValue(v)), timestamps: times.map(iso) },
    });
  }
}

/** ISO-8601 of epoch milliseconds; points of a batch mostly share one time (the server's), formatted once. */
function isoTimes(): (ms: number) => string {
  let lastMs = NaN;
  let last = "";
  return (ms) => {
    if (ms !== lastMs) {
      lastMs = ms;
      last = new Date(ms).toISOString();
    }
    return last;
  };
}

type RunView = Awaited<ReturnType<typeof getRunView>>;

/** A run's `run` event: its status and each metric key's summary. */
export function runEventOf(view: RunView): RunEvent {
  const summaries: RunEvent["summaries"] = view.metrics.map((m) => ({
    key: m.key,
    count: m.count,
    min: m.min,
    max: m.max,
    lastValue: m.last?.value ?? null,
    lastStep: m.last?.step ?? null,
    lastTime: m.last?.time ? new Date(m.last.time).toISOString() : null,
  }));
  return { runId: view.id, status: view.status, summaries };
}

/** Tells live subscribers a run's status changed, with its metric summaries. Call after the commit. */
export function publishRunStatus(bus: Bus, view: RunView): void {
  bus.publish({ type: "run", event: runEventOf(view) });
}
