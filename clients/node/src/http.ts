/** The HTTP side: one JSON request at a time with fetch, failures sorted by what to do next. */

import { errorText } from "./logger.js";
import { VERSION } from "./version.js";

/**
 * What a failed request calls for:
 * - `retry`: network trouble, 408, 429, 5xx — try again later, keep the data;
 * - `drop`: the server refused this request (400, 409, 413, …) — sending it again cannot help;
 * - `halt`: credentials or run not accepted (401, 403, 404) — stop sending, keep the data for `sync`.
 */
export type FailureAction = "retry" | "drop" | "halt";

/** A request that did not succeed; `action` says whether to retry, drop or halt. */
export class RequestFailed extends Error {
  override readonly name = "RequestFailed";
  readonly action: FailureAction;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { action: FailureAction; status?: number | undefined; retryAfterMs?: number | undefined; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.action = options.action;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** What an HTTP error status calls for. */
export function actionForStatus(status: number): FailureAction {
  if (status === 408 || status === 429 || status >= 500) return "retry";
  if (status === 401 || status === 403 || status === 404) return "halt";
  return "drop";
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends JSON to `<url>/api/v1…` with the API key. */
export class Transport {
  readonly url: string;
  readonly timeoutMs: number;
  readonly #apiKey: string | undefined;

  constructor(url: string, apiKey: string | undefined, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.url = url.replace(/\/+$/, "");
    this.#apiKey = apiKey;
    this.timeoutMs = timeoutMs;
  }

  /** The decoded JSON answer (undefined for an empty or non-JSON one); rejects with RequestFailed. */
  async request(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<unknown> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": `labbook-node/${VERSION}` };
    if (this.#apiKey) headers["authorization"] = `Bearer ${this.#apiKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : errorText(error);
      throw new RequestFailed(`${method} ${path}: ${reason}`, { action: "retry", cause: error });
    }
    if (!response.ok) {
      throw new RequestFailed(`${response.status} ${errorMessage(text) ?? response.statusText}`, {
        action: actionForStatus(response.status),
        status: response.status,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
      });
    }
    if (!text) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined; // committed all the same: a 2xx means the write happened
    }
  }
}

/** The message of an API error body `{"error":{"code","message"}}`. */
function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } } | null;
    const message = body?.error?.message;
    return typeof message === "string" ? message : undefined;
  } catch {
    return text ? text.slice(0, 200) : undefined;
  }
}
