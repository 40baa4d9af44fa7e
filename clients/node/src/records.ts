/**
 * What the client sends, and what its spool holds: one record per request, in order.
 * The spool format is the Python client's, so either client's `sync` uploads either's files.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** How a run ended. */
export type FinalStatus = "finished" | "failed" | "killed";
export const FINAL_STATUSES: readonly FinalStatus[] = ["finished", "failed", "killed"];

/** The body of `POST /api/v1/runs`. */
export interface CreateRunBody {
  /** Chosen by the client: creating the same run again is idempotent. */
  id?: string;
  project: string;
  name?: string;
  params: JsonObject;
  tags: string[];
  notes?: string;
  group?: string;
  repro: JsonObject;
}

export interface Series {
  key: string;
  steps: number[];
  values: (number | "NaN" | "Infinity" | "-Infinity")[];
  timestamps: number[];
}

export const SPOOL_VERSION = 1;

/** The first line of a spool: the run, by id or by the body that creates it. */
export interface RunRecord {
  type: "run";
  version: number;
  url: string;
  runId: string | null;
  runUrl: string | null;
  create: CreateRunBody;
}
/** Appended once the run of a spool is created, so it is never created twice. */
export interface CreatedRecord {
  type: "created";
  runId: string;
  runUrl: string | null;
  name: string | null;
}
export interface MetricsRecord {
  type: "metrics";
  batchId: string;
  series: Series[];
}
export interface ParamsRecord {
  type: "params";
  params: JsonObject;
}
export interface TagsRecord {
  type: "tags";
  tags: string[];
}
export interface StatusRecord {
  type: "status";
  status: FinalStatus;
}

/** Changes to a run other than points: queued in order with them. */
export type UpdateRecord = ParamsRecord | TagsRecord | StatusRecord;
export type SpoolRecord = RunRecord | CreatedRecord | MetricsRecord | UpdateRecord;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNullableString = (v: unknown) => v === null || v === undefined || typeof v === "string";

/**
 * A parsed spool line as a record when it has the fields its type needs, else why not
 * (a damaged line, or a record type a newer client wrote).
 */
export function asSpoolRecord(value: unknown): SpoolRecord | string {
  if (!isObject(value) || typeof value["type"] !== "string") return "not a record";
  const v = value;
  const damaged = `a damaged ${v["type"]} record`;
  switch (v["type"]) {
    case "run":
      return isObject(v["create"]) && isNullableString(v["runId"]) && isNullableString(v["runUrl"])
        ? ({ ...v, runId: (v["runId"] as string | null | undefined) ?? null, runUrl: (v["runUrl"] as string | null | undefined) ?? null } as unknown as RunRecord)
        : damaged;
    case "created":
      return typeof v["runId"] === "string" && isNullableString(v["runUrl"]) ? (v as unknown as CreatedRecord) : damaged;
    case "metrics":
      return typeof v["batchId"] === "string" && Array.isArray(v["series"]) && v["series"].every((s) => isObject(s) && Array.isArray(s["values"]))
        ? (v as unknown as MetricsRecord)
        : damaged;
    case "params":
      return isObject(v["params"]) ? (v as unknown as ParamsRecord) : damaged;
    case "tags":
      return Array.isArray(v["tags"]) ? (v as unknown as TagsRecord) : damaged;
    case "status":
      return typeof v["status"] === "string" ? (v as unknown as StatusRecord) : damaged;
    default:
      return `an unknown record type ${JSON.stringify(v["type"])}`;
  }
}
