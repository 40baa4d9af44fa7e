import { decodeValue } from "@/app/_lib/runs";
import type { PointsEvent } from "@/lib/protocol/live";
import type { SeriesAppend } from "./chart-types";

interface Tail {
  steps: number[];
  values: number[];
  times: number[];
}

/**
 * The points of one metric key that arrived live, per run, beyond what its history
 * fetch returned: history first, then these. A point whose step is not past the run's
 * last known step is a duplicate (or late) and is dropped — stored points are append-only,
 * and the next history fetch brings late ones in their place.
 */
export class LiveTail {
  private readonly tails = new Map<string, Tail>();
  /** Per run, the last step of its fetched history. */
  private readonly floors = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor(readonly key: string) {}

  /** Takes in a `points` event; ignores other keys. */
  push(event: PointsEvent): void {
    if (event.key !== this.key || event.steps.length === 0) return;
    const order = event.steps.map((_, i) => i).sort((a, b) => (event.steps[a] as number) - (event.steps[b] as number));
    let tail = this.tails.get(event.runId);
    if (!tail) {
      tail = { steps: [], values: [], times: [] };
      this.tails.set(event.runId, tail);
    }
    let last = Math.max(this.floors.get(event.runId) ?? Number.NEGATIVE_INFINITY, tail.steps.at(-1) ?? Number.NEGATIVE_INFINITY);
    let added = false;
    for (const i of order) {
      const step = event.steps[i] as number;
      if (step <= last) continue;
      last = step;
      tail.steps.push(step);
      tail.values.push(decodeValue(event.values[i]) ?? Number.NaN);
      tail.times.push(Date.parse(event.timestamps[i] ?? "") || Date.now());
      added = true;
    }
    if (added) for (const listener of [...this.listeners]) listener();
  }

  /** A history fetch for the run came back ending at `lastStep` (null: it has no points): keep only what is newer. */
  settle(runId: string, lastStep: number | null): void {
    const floor = lastStep ?? Number.NEGATIVE_INFINITY;
    this.floors.set(runId, floor);
    const tail = this.tails.get(runId);
    if (!tail) return;
    const keep = tail.steps.findIndex((s) => s > floor);
    if (keep < 0) this.tails.delete(runId);
    else if (keep > 0) {
      tail.steps.splice(0, keep);
      tail.values.splice(0, keep);
      tail.times.splice(0, keep);
    }
  }

  /** The run's live points with a step greater than `afterStep`. */
  since(runId: string, afterStep: number): SeriesAppend {
    const tail = this.tails.get(runId);
    if (!tail) return { id: runId, steps: [], values: [], times: [] };
    let start = tail.steps.length;
    while (start > 0 && (tail.steps[start - 1] as number) > afterStep) start--;
    return { id: runId, steps: tail.steps.slice(start), values: tail.values.slice(start), times: tail.times.slice(start) };
  }

  /** How many live points the run has beyond its history. */
  count(runId: string): number {
    return this.tails.get(runId)?.steps.length ?? 0;
  }

  /** Called (synchronously) whenever new points were taken in. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
