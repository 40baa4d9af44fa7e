import { invalid } from "@/lib/errors";

/**
 * MLflow's limits and validation messages (mlflow/utils/validation.py, MLflow 2.x/3.x), so
 * clients and users see the errors they know. The Python client already chunks batches by
 * these numbers.
 */
export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;
export const MAX_PARAM_VAL_LENGTH = 6000;
export const MAX_TAG_VAL_LENGTH = 8000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
export const MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
export const MAX_EXPERIMENT_TAG_VAL_LENGTH = 5000;
export const MAX_ENTITY_KEY_LENGTH = 250;
/** Most results one search page may ask for. */
export const SEARCH_MAX_RESULTS_THRESHOLD = 50_000;

export interface MlflowMetric {
  key: string;
  value: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  step: number;
}

export interface MlflowKeyValue {
  key: string;
  value: string;
}

const VALID_NAME = /^[/\p{L}\p{M}\p{N}_.\- ]*$/u;
const BAD_CHARACTERS =
  "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).";

/** Python's `repr` of a string, for messages that quote MLflow's own. */
export function pyRepr(value: string): string {
  if (value.includes("'") && !value.includes('"')) return `"${value}"`;
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Python's `posixpath.normpath`. */
export function posixNormpath(path: string): string {
  if (path === "") return ".";
  const leading = path.startsWith("//") && !path.startsWith("///") ? 2 : path.startsWith("/") ? 1 : 0;
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== ".." || (leading === 0 && parts.length === 0) || parts.at(-1) === "..") parts.push(part);
    else if (parts.length > 0) parts.pop();
  }
  const joined = "/".repeat(leading) + parts.join("/");
  return joined || ".";
}

function pathNotUnique(name: string): boolean {
  const norm = posixNormpath(name);
  return norm !== name || norm === "." || norm.startsWith("..") || norm.startsWith("/");
}

/** Python's `len`: code points, not UTF-16 units. */
const length = (value: string) => Array.from(value).length;

function validateName(entity: "metric" | "parameter" | "tag", name: string): void {
  if (!VALID_NAME.test(name)) throw invalid(`Invalid ${entity} name: '${name}'. ${BAD_CHARACTERS}`);
  if (pathNotUnique(name)) {
    throw invalid(
      `Invalid ${entity} name: '${name}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${posixNormpath(name)}'`,
    );
  }
}

/** MLflow's `_validate_length_limit`. */
export function validateLengthLimit(entity: string, limit: number, value: string): void {
  const n = length(value);
  if (n > limit) throw invalid(`${entity} '${Array.from(value).slice(0, 250).join("")}' had length ${n}, which exceeded length limit of ${limit}`);
}

/** A metric's name, timestamp and key length, as MLflow checks them. */
export function validateMetric(metric: MlflowMetric): void {
  validateName("metric", metric.key);
  if (metric.timestamp < 0) {
    throw invalid(
      `Got invalid timestamp ${metric.timestamp} for metric '${metric.key}' (value=${metric.value}). Timestamp must be a nonnegative long (64-bit integer) `,
    );
  }
  validateLengthLimit("Metric name", MAX_ENTITY_KEY_LENGTH, metric.key);
}

/** A param's name and the lengths of its key and value. */
export function validateParam(param: MlflowKeyValue): void {
  validateName("parameter", param.key);
  validateLengthLimit("Param key", MAX_ENTITY_KEY_LENGTH, param.key);
  validateLengthLimit("Param value", MAX_PARAM_VAL_LENGTH, param.value);
}

/** A run tag's name and the lengths of its key and value. */
export function validateTag(tag: MlflowKeyValue): void {
  validateName("tag", tag.key);
  validateLengthLimit("Tag key", MAX_ENTITY_KEY_LENGTH, tag.key);
  validateLengthLimit("Tag value", MAX_TAG_VAL_LENGTH, tag.value);
}

/** An experiment tag's name and the lengths of its key and value. */
export function validateExperimentTag(tag: MlflowKeyValue): void {
  validateName("tag", tag.key);
  validateLengthLimit("Tag key", MAX_EXPERIMENT_TAG_KEY_LENGTH, tag.key);
  validateLengthLimit("Tag value", MAX_EXPERIMENT_TAG_VAL_LENGTH, tag.value);
}

function validateBatchLimit(entity: string, limit: number, count: number): void {
  if (count > limit) {
    throw invalid(
      `A batch logging request can contain at most ${limit} ${entity}. Got ${count} ${entity}. Please split up ${entity} across multiple requests and try again.`,
    );
  }
}

/** MLflow's per-batch limits, checked in MLflow's order. */
export function validateBatchLimits(counts: { metrics: number; params: number; tags: number }): void {
  validateBatchLimit("metrics", MAX_METRICS_PER_BATCH, counts.metrics);
  validateBatchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, counts.params);
  validateBatchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, counts.tags);
  validateBatchLimit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, counts.metrics + counts.params + counts.tags);
}

/** One value per param key in a batch. */
export function validateParamKeysUnique(params: readonly MlflowKeyValue[]): void {
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const { key } of params) {
    if (seen.has(key)) dupes.push(key);
    seen.add(key);
  }
  if (dupes.length > 0) {
    throw invalid(
      `Duplicate parameter keys have been submitted: [${dupes.map(pyRepr).join(", ")}]. Please ensure the request contains only one param value per param key.`,
    );
  }
}

/** A non-empty experiment name of at most 500 characters. */
export function validateExperimentName(name: string): void {
  if (name === "") throw invalid(`Invalid experiment name: ''`);
  if (length(name) > MAX_EXPERIMENT_NAME_LENGTH) {
    throw invalid(`Experiment name exceeds the maximum length of ${MAX_EXPERIMENT_NAME_LENGTH} characters`);
  }
}

/** A search page size: 1 to 50,000, as MLflow's stores enforce. */
export function validateMaxResults(maxResults: number): void {
  if (maxResults < 1 || maxResults > SEARCH_MAX_RESULTS_THRESHOLD) {
    throw invalid(
      `Invalid value for request parameter max_results. It must be at most ${SEARCH_MAX_RESULTS_THRESHOLD}, but got value ${maxResults}`,
    );
  }
}
