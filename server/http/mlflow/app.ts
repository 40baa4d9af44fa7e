import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { HttpContext, HttpEnv } from "../context";
import { mlflowError, mlflowErrorResponse } from "./errors";
import { experimentRoutes } from "./experiments";
import { metricRoutes } from "./metrics";
import { mlflowCaller } from "./request";
import { runRoutes } from "./runs";

/** Where MLflow clients (MLFLOW_TRACKING_URI) send tracking calls. */
export const MLFLOW_PREFIX = "/api/2.0/mlflow";
/** MLflow's proxied artifact store, which Labbook does not provide. */
export const MLFLOW_ARTIFACTS_PREFIX = "/api/2.0/mlflow-artifacts";

/**
 * MLflow's REST tracking API on Labbook: every request authenticates with a Labbook API
 * key, every answer and error uses MLflow's wire format.
 */
export function createMlflowApp(maxBodyBytes: number): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.use(
    "*",
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => mlflowError("INVALID_PARAMETER_VALUE", `The request body exceeds the limit of ${maxBodyBytes} bytes.`),
    }),
  );
  app.use("*", async (c: HttpContext, next) => {
    await mlflowCaller(c);
    await next();
  });
  app.route("/", experimentRoutes).route("/", runRoutes).route("/", metricRoutes);
  app.all("*", (c) =>
    mlflowError("ENDPOINT_NOT_FOUND", `Labbook does not serve ${c.req.method} ${new URL(c.req.url).pathname}; see docs/mlflow.md for the MLflow endpoints it supports.`),
  );
  app.onError((error, c) => mlflowErrorResponse(error, `${c.req.method} ${new URL(c.req.url).pathname}`));
  return app;
}

/** Artifact calls get a clear MLflow error instead of a bare 404. */
export function createMlflowArtifactsApp(): Hono<HttpEnv> {
  return new Hono<HttpEnv>().all("*", () =>
    mlflowError("NOT_IMPLEMENTED", "Labbook does not store MLflow artifacts; log metrics, params and tags, and keep artifacts in your own storage."),
  );
}
