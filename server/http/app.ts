import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Services } from "@/lib/runtime";
import type { HttpEnv } from "./context";
import { errorBody, errorResponse } from "./errors";
import { createMlflowApp, createMlflowArtifactsApp, MLFLOW_ARTIFACTS_PREFIX, MLFLOW_PREFIX } from "./mlflow/app";
import { apiKeyRoutes } from "./routes/api-keys";
import { authRoutes } from "./routes/auth";
import { commentRoutes } from "./routes/comments";
import { decisionRoutes } from "./routes/decisions";
import { healthRoutes } from "./routes/health";
import { imageRoutes } from "./routes/images";
import { invitationRoutes } from "./routes/invitations";
import { meRoutes } from "./routes/me";
import { notebookExportRoutes } from "./routes/notebook-export";
import { notebookRoutes } from "./routes/notebooks";
import { memberRoutes } from "./routes/members";
import { projectRoutes } from "./routes/projects";
import { runRoutes } from "./routes/runs";
import { workspaceRoutes } from "./routes/workspaces";

/** The `/api/v1` application, with MLflow's tracking API beside it. */
export function createHttpApp(services: Services): Hono<HttpEnv> {
  const maxBytes = services.env.LABBOOK_MAX_BODY_BYTES;
  const api = new Hono<HttpEnv>()
    .route("/", healthRoutes)
    .route("/", authRoutes)
    .route("/", meRoutes)
    .route("/", workspaceRoutes)
    .route("/", memberRoutes)
    .route("/", invitationRoutes)
    .route("/", projectRoutes)
    .route("/", apiKeyRoutes)
    .route("/", runRoutes)
    .route("/", commentRoutes)
    .route("/", notebookRoutes)
    .route("/", decisionRoutes)
    .route("/", notebookExportRoutes)
    .route("/", imageRoutes);

  const app = new Hono<HttpEnv>();
  app.use("*", async (c, next) => {
    c.set("services", services);
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  });
  app.use(
    "/api/v1/*",
    bodyLimit({
      maxSize: maxBytes,
      onError: (c) => c.json(errorBody("payload_too_large", `The request body exceeds the limit of ${maxBytes} bytes.`), 413),
    }),
  );
  app.route("/api/v1", api);
  app.route(MLFLOW_PREFIX, createMlflowApp(maxBytes));
  app.route(MLFLOW_ARTIFACTS_PREFIX, createMlflowArtifactsApp());
  app.notFound((c) => c.json(errorBody("not_found", `No API route ${c.req.method} ${new URL(c.req.url).pathname}.`), 404));
  app.onError((error, c) => errorResponse(error, `${c.req.method} ${new URL(c.req.url).pathname}`));
  return app;
}
