/** An error answered by the Labbook API (or the network), with a message fit to show. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface ErrorBody {
  error: { code: string; message: string };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = value.error;
  return typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string";
}

/**
 * Calls `/api/v1<path>` from the browser with the session cookie. Same-origin fetches carry
 * the Origin header the API checks on writes. Throws ApiError on anything but 2xx.
 */
export async function api<T>(path: string, init: { method?: "GET" | "POST" | "PATCH" | "DELETE"; body?: unknown } = {}): Promise<T> {
  const hasBody = init.body !== undefined;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: init.method ?? (hasBody ? "POST" : "GET"),
      headers: hasBody ? { "content-type": "application/json" } : undefined,
      body: hasBody ? JSON.stringify(init.body) : undefined,
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError("network", "Could not reach the Labbook server. Check your connection and try again.", 0, { cause: error });
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      if (response.ok) throw new ApiError("internal", "The server sent a response that is not JSON.", response.status, { cause: error });
    }
  }
  if (!response.ok) {
    if (isErrorBody(data)) throw new ApiError(data.error.code, data.error.message, response.status);
    throw new ApiError("internal", `The server answered ${response.status} ${response.statusText}.`, response.status);
  }
  // The API's response shapes are its contract; callers name the one they expect.
  return data as T;
}

/** A message to show for anything a client action threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}
