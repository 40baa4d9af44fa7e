import type { RunAccess } from "@/lib/access/authorize-run";
import type { Database } from "@/lib/db/client";
import { AppError, invalid } from "@/lib/errors";
import { appendMetricPoints, type FreshPoints } from "@/lib/metrics/append-metric-points";
import { logParams } from "@/lib/runs/log-params";
import { assertRunActive } from "./authorize-mlflow-run";
import { paramValue } from "./run-view";
import { setRunTags } from "./set-run-tags";
import {
  pyRepr,
  validateBatchLimits,
  validateMetric,
  validateParam,
  validateParamKeysUnique,
  validateTag,
  type MlflowKeyValue,
  type MlflowMetric,
} from "./validation";

export interface LogBatchInput {
  access: RunAccess;
  metrics: readonly MlflowMetric[];
  params: readonly MlflowKeyValue[];
  tags: readonly MlflowKeyValue[];
}

/**
 * MLflow's log-batch (and, with one entity, log-metric, log-parameter and set-tag):
 * everything is validated first with MLflow's rules and messages; then params (write-once:
 * the same value again is fine, a new value writes nothing and fails), metrics (set-based
 * ingestion; a step already logged keeps its first value) and tags are written in turn.
 * Returns the points that were new, for the live server.
 */
export async function logBatch(database: Database, input: LogBatchInput): Promise<{ fresh: FreshPoints[] }> {
  for (const metric of input.metrics) {
    validateMetric(metric);
    if (metric.step < 0) throw invalid(`Labbook stores metric steps from 0 up; got step ${metric.step} for metric '${metric.key}'.`);
  }
  for (const param of input.params) validateParam(param);
  for (const tag of input.tags) validateTag(tag);
  validateBatchLimits({ metrics: input.metrics.length, params: input.params.length, tags: input.tags.length });
  validateParamKeysUnique(input.params);
  assertRunActive(input.access);
  const runId = input.access.run.id;

  if (input.params.length > 0) await logMlflowParams(database, input.access, input.params);
  let fresh: FreshPoints[] = [];
  if (input.metrics.length > 0) {
    ({ fresh } = await appendMetricPoints(database, {
      runId,
      points: {
        keys: input.metrics.map((m) => m.key),
        steps: input.metrics.map((m) => m.step),
        values: input.metrics.map((m) => m.value),
        times: input.metrics.map((m) => new Date(m.timestamp)),
      },
    }));
  }
  if (input.tags.length > 0) await setRunTags(database.db, { runId, tags: input.tags });
  return { fresh };
}

async function logMlflowParams(database: Database, access: RunAccess, params: readonly MlflowKeyValue[]): Promise<void> {
  const current = access.run.params;
  const changed: string[] = [];
  const fresh: Record<string, string> = {};
  for (const { key, value } of params) {
    if (!Object.hasOwn(current, key)) fresh[key] = value;
    else if (paramValue(current[key]) !== value) {
      changed.push(`{'key': ${pyRepr(key)}, 'old_value': ${pyRepr(paramValue(current[key]))}, 'new_value': ${pyRepr(value)}}`);
    }
  }
  if (changed.length > 0) {
    throw invalid(`Changing param values is not allowed. Params were already logged='[${changed.join(", ")}]' for run ID='${access.run.id}'.`);
  }
  if (Object.keys(fresh).length === 0) return;
  try {
    await logParams(database.db, { runId: access.run.id, params: fresh });
  } catch (error) {
    // Another request logged one of these keys since we read the run.
    if (error instanceof AppError && error.code === "conflict") throw invalid(`Changing param values is not allowed. ${error.message}`, error);
    throw error;
  }
}
