import { HTTPException } from "hono/http-exception";
import { AppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/log";

const log = logger("http");

/** The one error body of the API. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

/** Maps any thrown value to the API's error response; internals are logged, never shown. */
export function errorResponse(error: unknown, requestLabel: string): Response {
  if (error instanceof AppError) {
    return Response.json(errorBody(error.code, error.message), { status: error.status });
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code: ErrorCode = error.status === 413 ? "payload_too_large" : error.status === 401 ? "unauthenticated" : "invalid_input";
    return Response.json(errorBody(code, error.message || "Bad request."), { status: error.status });
  }
  log.error({ err: error, request: requestLabel }, "unhandled error");
  return Response.json(errorBody("internal", "Something went wrong on the server. It has been logged."), { status: 500 });
}
