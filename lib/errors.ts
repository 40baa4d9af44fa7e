/** Stable error codes; the only vocabulary transports map to statuses and close codes. */
export const errorCodes = {
  invalid_input: { status: 400, close: 4400 },
  unauthenticated: { status: 401, close: 4401 },
  forbidden: { status: 403, close: 4403 },
  not_found: { status: 404, close: 4404 },
  conflict: { status: 409, close: 4409 },
  payload_too_large: { status: 413, close: 1009 },
  rate_limited: { status: 429, close: 4429 },
  unavailable: { status: 503, close: 1013 },
  internal: { status: 500, close: 1011 },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** An error whose message is safe to show to the caller. */
export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

export const invalid = (message: string, cause?: unknown) => new AppError("invalid_input", message, { cause });
export const unauthenticated = (message = "Sign in or send an API key in the Authorization header.") =>
  new AppError("unauthenticated", message);
export const forbidden = (message: string) => new AppError("forbidden", message);
export const notFound = (message: string) => new AppError("not_found", message);
export const conflict = (message: string, cause?: unknown) => new AppError("conflict", message, { cause });

/** True when a database error is a unique-constraint violation (Postgres 23505). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || isRecord(e); e = isRecord(e) ? e.cause : undefined) {
    if (isRecord(e) && e.code === "23505") return true;
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
