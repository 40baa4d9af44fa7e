import { notFound } from "next/navigation";
import { cache } from "react";
import { authorizeRun } from "@/lib/access/authorize-run";
import type { Role } from "@/lib/access/roles";
import type { Project } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getRunView } from "@/lib/runs/get-run";
import { listRuns } from "@/lib/runs/list-runs";
import type { RunDetail, RunsPage } from "./runs";
import { services } from "./services";

/**
 * Runs in the server-rendered page: a few screenfuls arrive with the HTML, keeping it small;
 * the table fetches the rest of its first thousand right after.
 */
const FIRST_PAGE_SIZE = 200;

/** The first page of a project's runs for the server render, or the API's message for a bad filter or sort. */
export async function loadRunsPage(
  project: Pick<Project, "id">,
  query: { filter?: string; sort?: string },
): Promise<{ ok: true; page: RunsPage } | { ok: false; message: string }> {
  const { database, env } = await services();
  try {
    const page = await listRuns(database.db, {
      projectId: project.id,
      filter: query.filter || undefined,
      sort: query.sort || undefined,
      limit: FIRST_PAGE_SIZE,
      metrics: [],
      crashAfterMs: env.LABBOOK_CRASH_AFTER_SECONDS * 1000,
    });
    return { ok: true, page: { runs: page.runs, nextCursor: page.nextCursor, total: page.total } };
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") return { ok: false, message: error.message };
    throw error;
  }
}

/** A run the user may read with their role and its raw repro record; 404 otherwise, as the API does. */
export const loadRun = cache(async (runId: string, userId: string): Promise<{ run: RunDetail; repro: unknown; role: Role }> => {
  const { database, env } = await services();
  const access = await authorizeRun(database.db, { userId, runId, min: "viewer" }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const { repro, ...view } = await getRunView(database.db, access, env.LABBOOK_CRASH_AFTER_SECONDS * 1000);
  const run: RunDetail = {
    ...view,
    startedAt: view.startedAt.toISOString(),
    endedAt: view.endedAt?.toISOString() ?? null,
    lastSeenAt: view.lastSeenAt.toISOString(),
    metrics: view.metrics.map((m) => ({ ...m, last: m.last ? { ...m.last, time: m.last.time?.toISOString() ?? null } : null })),
  };
  return { run, repro, role: access.role };
});
