import { Hono } from "hono";
import type { ErrorCode } from "@/lib/errors";
import type { HttpEnv } from "../context";
import { errorBody } from "../errors";
import { publicOrigin } from "../origin";

const codeForStatus = (status: number): ErrorCode =>
  status === 401 ? "unauthenticated"
  : status === 403 ? "forbidden"
  : status === 404 ? "not_found"
  : status === 409 || status === 422 ? "conflict"
  : status === 413 ? "payload_too_large"
  : status === 429 ? "rate_limited"
  : status >= 500 ? "internal"
  : "invalid_input";

/**
 * better-auth's endpoints (sign-up, sign-in, sign-out, session), with its error bodies
 * rewritten into the API's one error shape.
 */
export const authRoutes = new Hono<HttpEnv>().on(["GET", "POST"], "/auth/*", async (c) => {
  // Browsers always send Origin on POST; a foreign one is a cross-site (login CSRF) attempt.
  const origin = c.req.header("origin");
  if (c.req.method === "POST" && origin !== undefined && origin !== publicOrigin(c)) {
    return c.json(errorBody("forbidden", "Cross-origin request refused: the Origin header must match this Labbook instance."), 403);
  }
  const auth = await c.var.services.auth();
  const response = await auth.handler(c.req.raw);
  if (response.status < 400) return response;
  let message = response.statusText || "Authentication failed.";
  try {
    const body = (await response.clone().json()) as { message?: unknown };
    if (typeof body.message === "string" && body.message) message = body.message;
  } catch {
    // not JSON: keep the status text
  }
  // better-auth answers an existing email with 422; to API callers that is a conflict.
  const status = response.status === 422 ? 409 : response.status;
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Response(JSON.stringify(errorBody(codeForStatus(response.status), message)), { status, headers });
});
