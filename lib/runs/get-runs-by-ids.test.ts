import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { appendMetricPoints } from "@/lib/metrics/append-metric-points";
import { createUser } from "@/lib/users/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { createRun } from "./create-run";
import { deleteRun } from "./delete-run";
import { getRunsByIds } from "./get-runs-by-ids";

describe(`getRunsByIds (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
    await database.migrate();
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it("answers the readable runs of the project in the order asked, with params and metric summaries", async () => {
    const owner = (await createUser(database.db, { email: "owner@example.com", password: "password123" })).id;
    const stranger = (await createUser(database.db, { email: "stranger@example.com", password: "password123" })).id;
    const ws = await createWorkspace(database.db, { slug: "lab", name: "Lab", ownerId: owner });
    await createWorkspace(database.db, { slug: "other", name: "Other", ownerId: stranger });
    const run = async (project: [string, string], params: Record<string, number> = {}) => (await createRun(database.db, { userId: project[0] === "lab" ? owner : stranger, project, params })).run.id;
    const [a, b, elsewhere, gone, foreign] = [await run(["lab", "p"], { lr: 0.1 }), await run(["lab", "p"], { lr: 0.01 }), await run(["lab", "q"]), await run(["lab", "p"]), await run(["other", "p"])];
    await appendMetricPoints(database, { runId: b, points: { keys: ["loss", "loss", "acc"], steps: [0, 1, 0], values: [2, NaN, 0.5], times: [null, null, null] } });
    await deleteRun(database.db, { runId: gone, workspaceId: ws.id, actorId: owner });

    const found = await getRunsByIds(database.db, { userId: owner, workspace: "lab", project: "p", runIds: [b, "nope", elsewhere, gone, foreign, a, b] });
    expect(found.map((r) => r.id)).toEqual([b, a]);
    expect(found[0]).toMatchObject({ params: { lr: 0.01 }, status: "running" });
    expect(found[0]?.metrics.map((m) => [m.key, m.count, m.min, m.max, m.last?.value])).toEqual([
      ["acc", 1, 0.5, 0.5, 0.5],
      ["loss", 2, 2, 2, "NaN"],
    ]);
    expect(found[1]?.metrics).toEqual([]);
    expect(await getRunsByIds(database.db, { userId: stranger, workspace: "lab", project: "p", runIds: [a, b] })).toEqual([]);
  });
});
