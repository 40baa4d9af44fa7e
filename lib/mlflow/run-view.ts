import { inArray, isNotNull, and } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { metricKeys, users, type Run, type StoredRunStatus } from "@/lib/db/schema";
import { encodeValue } from "@/lib/metrics/metric-input";

type Value = number | "NaN" | "Infinity" | "-Infinity";

/** MLflow's run statuses and how Labbook stores them (SCHEDULED runs are stored as running). */
export const mlflowRunStatuses = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"] as const;
export type MlflowRunStatus = (typeof mlflowRunStatuses)[number];
export const storedStatusOf: Record<MlflowRunStatus, StoredRunStatus> = {
  RUNNING: "running",
  SCHEDULED: "running",
  FINISHED: "finished",
  FAILED: "failed",
  KILLED: "killed",
};
const mlflowStatusOf: Record<StoredRunStatus, MlflowRunStatus> = { running: "RUNNING", finished: "FINISHED", failed: "FAILED", killed: "KILLED" };

/** Tags with a Labbook column of their own rather than a place among the key/value tags. */
export const RUN_NAME_TAG = "mlflow.runName";
export const NOTE_TAG = "mlflow.note.content";
export const USER_TAG = "mlflow.user";

export interface MlflowRunInfo {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: MlflowRunStatus;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: "active" | "deleted";
}

export interface MlflowMetricView {
  key: string;
  value: Value;
  timestamp: number;
  step: number;
}

type KeyValue = { key: string; value: string };

export interface MlflowRun {
  info: MlflowRunInfo;
  data: { metrics?: MlflowMetricView[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs: Record<string, never>;
}

/** A param as MLflow shows it: strings as they are, other JSON as text; nested objects flatten to dotted keys. */
export function paramsToMlflow(params: Record<string, unknown>, prefix = ""): KeyValue[] {
  return Object.entries(params).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
      return paramsToMlflow(value as Record<string, unknown>, `${path}.`);
    }
    return [{ key: path, value: paramValue(value) }];
  });
}

/** The string MLflow sees for a stored param value. */
export function paramValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** MLflow tags: the key/value tags, the name and notes, and Labbook's value-less tags (value ""). */
export function tagsToMlflow(run: Pick<Run, "name" | "notes" | "tags" | "mlflowTags">): KeyValue[] {
  const tags = Object.entries(run.mlflowTags).map(([key, value]) => ({ key, value }));
  tags.push({ key: RUN_NAME_TAG, value: run.name });
  if (run.notes) tags.push({ key: NOTE_TAG, value: run.notes });
  for (const tag of run.tags) {
    if (!Object.hasOwn(run.mlflowTags, tag) && tag !== RUN_NAME_TAG && tag !== NOTE_TAG) tags.push({ key: tag, value: "" });
  }
  return tags;
}

/** A run's info block. */
export function toMlflowRunInfo(run: Run, authorName: string | null): MlflowRunInfo {
  return {
    run_id: run.id,
    run_uuid: run.id,
    run_name: run.name,
    experiment_id: run.projectId,
    user_id: run.mlflowTags[USER_TAG] ?? authorName ?? "",
    status: mlflowStatusOf[run.status],
    start_time: run.startedAt.getTime(),
    ...(run.endedAt && { end_time: run.endedAt.getTime() }),
    artifact_uri: `mlflow-artifacts:/${run.projectId}/${run.id}/artifacts`,
    lifecycle_stage: run.deletedAt ? "deleted" : "active",
  };
}

/** Runs in MLflow's wire format, with each metric's latest value (highest step), in one round trip per table. */
export async function toMlflowRuns(db: DbOrTx, runs: Run[]): Promise<MlflowRun[]> {
  if (runs.length === 0) return [];
  const ids = runs.map((r) => r.id);
  const authorIds = [...new Set(runs.map((r) => r.createdBy).filter((id): id is string => id !== null))];
  const [keys, authors] = await Promise.all([
    db.select().from(metricKeys).where(and(inArray(metricKeys.runId, ids), isNotNull(metricKeys.lastStep))),
    authorIds.length > 0 ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, authorIds)) : Promise.resolve([]),
  ]);
  const names = new Map(authors.map((a) => [a.id, a.name]));
  const metrics = new Map<string, MlflowMetricView[]>();
  for (const k of keys) {
    const list = metrics.get(k.runId) ?? [];
    list.push({ key: k.key, value: encodeValue(k.lastValue ?? Number.NaN), timestamp: k.lastTime?.getTime() ?? 0, step: k.lastStep ?? 0 });
    metrics.set(k.runId, list);
  }
  return runs.map((run) => {
    const runMetrics = (metrics.get(run.id) ?? []).sort((a, b) => a.key.localeCompare(b.key));
    const params = paramsToMlflow(run.params).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      info: toMlflowRunInfo(run, run.createdBy ? (names.get(run.createdBy) ?? null) : null),
      data: {
        ...(runMetrics.length > 0 && { metrics: runMetrics }),
        ...(params.length > 0 && { params }),
        tags: tagsToMlflow(run),
      },
      inputs: {},
    };
  });
}

/** One run in MLflow's wire format. */
export async function toMlflowRun(db: DbOrTx, run: Run): Promise<MlflowRun> {
  const [view] = await toMlflowRuns(db, [run]);
  if (!view) throw new Error("run view vanished");
  return view;
}
