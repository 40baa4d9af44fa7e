import { Readable } from "node:stream";
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { invalid, unauthenticated } from "@/lib/errors";
import { parseLenientJson } from "@/lib/mlflow/lenient-json";
import { requireCaller } from "../authenticate";
import type { Caller, HttpContext } from "../context";

const DOCS_HINT = "See the API docs for more information about request parameters.";

/**
 * The caller of an MLflow request: `Authorization: Bearer <api key>` (MLFLOW_TRACKING_TOKEN),
 * HTTP Basic with the API key as password (MLFLOW_TRACKING_USERNAME/PASSWORD), or a session.
 */
export async function mlflowCaller(c: HttpContext): Promise<Caller> {
  if (c.var.caller) return c.var.caller;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
  if (!basic?.[1]) return requireCaller(c);
  const decoded = Buffer.from(basic[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || colon === decoded.length - 1) {
    throw unauthenticated("HTTP Basic credentials need a Labbook API key as the password (MLFLOW_TRACKING_PASSWORD).");
  }
  const { user } = await authenticateApiKey(c.var.services.database.db, decoded.slice(colon + 1));
  const caller: Caller = { user: { id: user.id, name: user.name, email: user.email }, via: "api_key" };
  c.set("caller", caller);
  return caller;
}

/** Reads a GET request's body, which some MLflow clients send; the fetch layer drops it. */
async function readGetBody(c: HttpContext): Promise<string> {
  const env: unknown = c.env;
  const incoming = typeof env === "object" && env !== null && "incoming" in env ? env.incoming : undefined;
  const declared = Number(c.req.header("content-length") ?? 0);
  if (!(incoming instanceof Readable) || (!(declared > 0) && !c.req.header("transfer-encoding"))) return "";
  const maxBytes = c.var.services.env.LABBOOK_MAX_BODY_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxBytes) throw invalid(`The request body exceeds the limit of ${maxBytes} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readBody(c: HttpContext): Promise<Record<string, unknown>> {
  const text = c.req.method === "GET" || c.req.method === "HEAD" ? await readGetBody(c) : await c.req.text();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = parseLenientJson(text);
    // Older clients double-encode their JSON as a string, as MLflow's server notes.
    if (typeof value === "string") value = parseLenientJson(value);
  } catch (error) {
    throw invalid(`Malformed JSON request body: ${(error as Error).message}`, error);
  }
  if (!isRecord(value)) throw invalid("The request body must be a JSON object.");
  return value;
}

/** Query parameters; fields listed in `arrays` keep every repetition (`?order_by=a&order_by=b`). */
function readQuery(c: HttpContext, arrays: readonly string[]): Record<string, unknown> {
  const params = new URL(c.req.url).searchParams;
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) out[key] = arrays.includes(key) ? params.getAll(key) : params.get(key);
  return out;
}

/** Python's name for a JSON value's type, as MLflow's messages show it. */
function pyType(value: unknown): string {
  if (typeof value === "string") return "str";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  return Array.isArray(value) ? "list" : "dict";
}

/** `json.dumps(value, sort_keys=True, separators=(",", ":"))`. */
function pyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The first problem in MLflow's words: a missing required field, or an invalid value with its type. */
function describe(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return `Invalid request. ${DOCS_HINT}`;
  const path = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("");
  const value = valueAt(input, issue.path);
  if (value === undefined || value === null || value === "") return `Missing value for required parameter '${path}'. ${DOCS_HINT}`;
  return `Invalid value ${pyJson(value)} for parameter '${path}' supplied: Hint: Value was of type '${pyType(value)}'. ${DOCS_HINT}`;
}

/**
 * Reads an MLflow request: query parameters and a JSON body (bare NaN/Infinity accepted;
 * GET bodies too), merged with the body winning; nulls count as unset, `run_uuid` stands
 * in for a missing `run_id`; unknown fields are ignored. Validation failures are
 * INVALID_PARAMETER_VALUE with MLflow's messages.
 */
export async function readMlflowRequest<S extends z.ZodType>(c: HttpContext, schema: S, options: { arrays?: readonly string[] } = {}): Promise<z.infer<S>> {
  const merged: Record<string, unknown> = { ...readQuery(c, options.arrays ?? []), ...(await readBody(c)) };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  if (merged.run_id === undefined && merged.run_uuid !== undefined) merged.run_id = merged.run_uuid;
  const result = schema.safeParse(merged);
  if (!result.success) throw invalid(describe(result.error, merged));
  return result.data;
}

/** A required string: absent or empty is "missing", as in MLflow. */
export const requiredString = z.string().min(1);

/** An int64: a JSON number or, as protobuf JSON allows, a string of digits. */
export const int64 = z
  .union([z.number().int(), z.string().regex(/^-?\d+$/)])
  .transform((v) => Number(v))
  .refine((n) => Number.isSafeInteger(n));

/** A double: a number, a numeric string, or "NaN", "Infinity", "-Infinity". */
export const double = z
  .union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"]), z.string().regex(/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i)])
  .transform((v) => Number(v));

/** `[{key, value}]` as MLflow sends tags and params; a missing value is "". */
export const keyValues = z.array(z.object({ key: requiredString, value: z.string().default("") })).default([]);

/** Search page sizes, as int64. */
export const maxResults = (fallback: number) => int64.default(fallback);
