/** Turning what training code logs into what the API accepts. */

import { randomUUID } from "node:crypto";
import type { JsonObject, JsonValue, MetricsRecord, Series } from "./records.js";

/** Most points in one request; the server takes up to 100,000. */
export const BATCH_MAX_POINTS = 10_000;
/** Largest step the server stores exactly. */
export const MAX_STEP = Number.MAX_SAFE_INTEGER;
export const MAX_KEY_LENGTH = 250;
/** Each param value's JSON must fit in this many characters (a server limit). */
export const MAX_PARAM_CHARS = 6000;
/** Params per request (a server limit). */
export const MAX_PARAMS_PER_REQUEST = 1000;
export const MAX_TAGS = 100;

/** A metric value as JSON can carry it: JSON has no NaN or infinities, so they travel as strings. */
export type EncodedValue = number | "NaN" | "Infinity" | "-Infinity";

/** A point waiting to be sent; `ts` is milliseconds since the epoch. */
export interface Point {
  readonly key: string;
  readonly step: number;
  readonly value: EncodedValue;
  readonly ts: number;
}

/** Encodes a finite or non-finite number. */
export function encodeNumber(value: number): EncodedValue {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

/**
 * A logged value as the API takes it: numbers as they are, NaN and infinities as strings,
 * booleans as 0/1, bigints as the nearest number. Throws TypeError for anything else.
 */
export function encodeValue(value: unknown): EncodedValue {
  switch (typeof value) {
    case "number":
      return encodeNumber(value);
    case "boolean":
      return value ? 1 : 0;
    case "bigint":
      return encodeNumber(Number(value));
    default:
      throw new TypeError(`expected a number, got ${describeType(value)}`);
  }
}

/** `null`, `array`, a class name or `typeof` — for messages. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name !== "Object" ? name : "object";
  }
  return typeof value;
}

/** Why `key` cannot be a metric key, or undefined when it can. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return "keys must not be empty";
  if (key.length > MAX_KEY_LENGTH) return `keys must be at most ${MAX_KEY_LENGTH} characters`;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return "keys must not contain control characters";
  }
  return undefined;
}

/**
 * Calls `visit(key, value)` for each leaf of a plain object or Map, nested ones becoming
 * `outer/inner` keys; false (visiting nothing) when `data` is neither. A loop rather than a
 * generator: this is on `run.log`'s path.
 */
export function forEachLeaf(data: unknown, visit: (key: string, value: unknown) => void, prefix = ""): boolean {
  if (data instanceof Map) {
    for (const [key, value] of data as Map<unknown, unknown>) visitLeaf(`${prefix}${String(key)}`, value, visit);
    return true;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return false;
  const proto: unknown = Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) visitLeaf(prefix + key, record[key], visit);
  return true;
}

function visitLeaf(key: string, value: unknown, visit: (key: string, value: unknown) => void): void {
  if (typeof value !== "object" || value === null || !forEachLeaf(value, visit, `${key}/`)) visit(key, value);
}

/** The [key, value] leaves of `data` (see `forEachLeaf`). */
export function flatten(data: unknown): [string, unknown][] {
  const leaves: [string, unknown][] = [];
  forEachLeaf(data, (key, value) => leaves.push([key, value]));
  return leaves;
}

/** An explicit step; throws TypeError or RangeError for anything but an integer in 0…2^53−1. */
export function checkStep(step: unknown): number {
  const number = typeof step === "bigint" && step >= 0n && step <= BigInt(MAX_STEP) ? Number(step) : step;
  if (typeof number !== "number" || !Number.isInteger(number)) throw new TypeError(`step must be an integer, got ${String(step)}`);
  if (number < 0 || number > MAX_STEP) throw new RangeError(`step must be between 0 and ${MAX_STEP}, got ${number}`);
  return number;
}

/**
 * Assigns steps the way the server would: a missing step is one past the key's highest step.
 * Assigning them here rather than on the server makes every batch mean the same whenever it
 * arrives, so a retried or spooled batch can never shift a point's step.
 */
export class StepCounter {
  readonly #highest = new Map<string, number>();

  /** The step of the next point of `key`: `step` when given, else one past the key's highest. */
  assign(key: string, step: number | undefined): number {
    const top = this.#highest.get(key);
    const assigned = step ?? (top === undefined ? 0 : top + 1);
    if (top === undefined || assigned > top) this.#highest.set(key, assigned);
    return assigned;
  }
}

/** A fresh batch id: the server writes a batch once however often it is sent. */
export function newBatchId(): string {
  return randomUUID();
}

/** One batch as a columns body (`series` per key, in first-seen order). */
export function metricsRecord(points: readonly Point[], batchId = newBatchId()): MetricsRecord {
  const series = new Map<string, Series>();
  for (const { key, step, value, ts } of points) {
    let column = series.get(key);
    if (!column) {
      column = { key, steps: [], values: [], timestamps: [] };
      series.set(key, column);
    }
    column.steps.push(step);
    column.values.push(value);
    column.timestamps.push(ts);
  }
  return { type: "metrics", batchId, series: [...series.values()] };
}

/** How many points a metrics record carries. */
export function pointCount(record: { readonly series: readonly Series[] }): number {
  return record.series.reduce((n, s) => n + s.values.length, 0);
}

/** Cuts points into metrics records of at most `size` points each. */
export function splitBatches(points: readonly Point[], size = BATCH_MAX_POINTS): MetricsRecord[] {
  const records: MetricsRecord[] = [];
  for (let i = 0; i < points.length; i += size) records.push(metricsRecord(points.slice(i, i + size)));
  return records;
}

/**
 * A JSON copy of a config value: NaN and infinities as strings, bigints as numbers (or
 * strings when too large), dates as ISO strings, Maps and Sets as objects and arrays,
 * functions and symbols left out, cycles as "[Circular]".
 */
export function jsonSafe(value: unknown, seen: Set<object> = new Set()): JsonValue | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return encodeNumber(value);
    case "bigint":
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "object":
      break;
  }
  if (value === null) return null;
  const object: object = value as object;
  if (seen.has(object)) return "[Circular]";
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return jsonSafe((toJSON as () => unknown).call(object), seen);
  if (object instanceof URL || object instanceof RegExp) return String(object);
  seen.add(object);
  try {
    if (Array.isArray(object) || object instanceof Set) {
      return [...(object as Iterable<unknown>)].map((v) => jsonSafe(v, seen) ?? null);
    }
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      return Array.from(object as unknown as ArrayLike<number | bigint>, (v) => jsonSafe(v, seen) ?? null);
    }
    const out: JsonObject = {};
    const entries = object instanceof Map ? [...(object as Map<unknown, unknown>).entries()] : Object.entries(object);
    for (const [k, v] of entries) {
      const safe = jsonSafe(v, seen);
      if (safe !== undefined) out[String(k)] = safe;
    }
    return out;
  } finally {
    seen.delete(object);
  }
}

/** A run's params from a config object (plain object, class instance or Map). Throws TypeError otherwise. */
export function configToParams(config: unknown): JsonObject {
  if (config === undefined || config === null) return {};
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`config must be an object of params, got ${describeType(config)}`);
  }
  const safe = jsonSafe(config);
  return typeof safe === "object" && safe !== null && !Array.isArray(safe) ? safe : {};
}

/**
 * The value, or the start of its JSON as a string when the JSON exceeds the server's limit
 * (which counts `JSON.stringify(value).length`, as here).
 */
export function capParam(value: JsonValue): { value: JsonValue; truncated: boolean } {
  const text = JSON.stringify(value);
  if (text.length <= MAX_PARAM_CHARS) return { value, truncated: false };
  const marker = "… (truncated)";
  let cut = MAX_PARAM_CHARS - marker.length;
  // The cut string is itself JSON-encoded: escapes make it longer, so shrink until it fits.
  while (JSON.stringify(text.slice(0, cut) + marker).length > MAX_PARAM_CHARS) cut = Math.floor((cut * 3) / 4);
  return { value: text.slice(0, cut) + marker, truncated: true };
}

/** Splits params into requests of at most `size` keys. */
export function chunkParams(params: JsonObject, size = MAX_PARAMS_PER_REQUEST): JsonObject[] {
  const entries = Object.entries(params);
  const chunks: JsonObject[] = [];
  for (let i = 0; i < entries.length; i += size) chunks.push(Object.fromEntries(entries.slice(i, i + size)));
  return chunks;
}

/** Tags as the server takes them; throws TypeError for anything but 1–100 strings of 1–250 characters. */
export function checkTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new TypeError(`tags must be an array of strings, got ${describeType(tags)}`);
  if (tags.length > MAX_TAGS) throw new TypeError(`at most ${MAX_TAGS} tags, got ${tags.length}`);
  const out: string[] = [];
  for (const tag of tags as unknown[]) {
    if (typeof tag !== "string" || tag.length === 0 || tag.length > 250) {
      throw new TypeError(`each tag must be a string of 1–250 characters, got ${JSON.stringify(tag) ?? String(tag)}`);
    }
    out.push(tag);
  }
  return out;
}
