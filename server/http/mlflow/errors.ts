import { HTTPException } from "hono/http-exception";
import { AppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/log";

const log = logger("http");

/** The MLflow error codes this API answers with, and their HTTP statuses (mlflow/exceptions.py). */
const statusOf = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
} as const;
export type MlflowErrorCode = keyof typeof statusOf;

/** Labbook's error vocabulary in MLflow's words; a conflict is MLflow's "already exists". */
const codeOf: Record<ErrorCode, MlflowErrorCode> = {
  invalid_input: "INVALID_PARAMETER_VALUE",
  unauthenticated: "UNAUTHENTICATED",
  forbidden: "PERMISSION_DENIED",
  not_found: "RESOURCE_DOES_NOT_EXIST",
  conflict: "RESOURCE_ALREADY_EXISTS",
  payload_too_large: "INVALID_PARAMETER_VALUE",
  rate_limited: "REQUEST_LIMIT_EXCEEDED",
  unavailable: "TEMPORARILY_UNAVAILABLE",
  internal: "INTERNAL_ERROR",
};

/** MLflow's error body, `{"error_code", "message"}`, with the status MLflow gives the code. */
export function mlflowError(code: MlflowErrorCode, message: string): Response {
  return Response.json({ error_code: code, message }, { status: statusOf[code], headers: { "cache-control": "no-store" } });
}

/** Maps any thrown value to an MLflow error response; internals are logged, never shown. */
export function mlflowErrorResponse(error: unknown, requestLabel: string): Response {
  if (error instanceof AppError) return mlflowError(codeOf[error.code], error.message);
  if (error instanceof HTTPException && error.status < 500) {
    return mlflowError(error.status === 401 ? "UNAUTHENTICATED" : "INVALID_PARAMETER_VALUE", error.message || "Bad request.");
  }
  log.error({ err: error, request: requestLabel }, "unhandled error");
  return mlflowError("INTERNAL_ERROR", "Something went wrong on the server. It has been logged.");
}
