import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { decisions, users } from "@/lib/db/schema";
import { createNotebook } from "@/lib/notebooks/create-notebook";
import { createRun } from "@/lib/runs/create-run";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import type { ExtractedDecision } from "./extract-decisions";
import { indexDecisions } from "./index-decisions";

const D1 = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a01";
const D2 = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a02";
const D3 = "0b5c3a56-2a4c-4e37-9a49-5d0f7f4f1a03";

const decision = (decisionId: string, position: number, extra: Partial<ExtractedDecision> = {}): ExtractedDecision => ({
  decisionId,
  position,
  title: `decision ${position}`,
  status: "proposed",
  context: "",
  decision: "",
  rationale: "",
  ownerId: null,
  decidedOn: null,
  runIds: [],
  ...extra,
});

describe(`indexDecisions (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  let owner: string;
  let stranger: string;
  let workspaceId: string;
  let projectId: string;
  let run: string;
  let otherProjectRun: string;
  let foreignRun: string;
  let notebookId: string;
  let otherNotebookId: string;

  const user = async (name: string) => {
    const id = randomUUID();
    await database.db.insert(users).values({ id, email: `${id}@example.com`, name });
    return id;
  };
  const rows = (id = notebookId) => database.db.select().from(decisions).where(eq(decisions.notebookId, id)).orderBy(asc(decisions.position));

  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
    await database.migrate();
    owner = await user("Owner");
    stranger = await user("Stranger");
    workspaceId = (await createWorkspace(database.db, { slug: "lab", name: "Lab", ownerId: owner })).id;
    await createWorkspace(database.db, { slug: "other", name: "Other", ownerId: stranger });
    const created = await createRun(database.db, { userId: owner, project: ["lab", "p"] });
    run = created.run.id;
    projectId = created.run.projectId;
    otherProjectRun = (await createRun(database.db, { userId: owner, project: ["lab", "q"] })).run.id;
    foreignRun = (await createRun(database.db, { userId: stranger, project: ["other", "p"] })).run.id;
    notebookId = (await createNotebook(database.db, { project: ["lab", "p"], title: "n", userId: owner })).id;
    otherNotebookId = (await createNotebook(database.db, { project: ["lab", "p"], title: "m", userId: owner })).id;
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it("stores the page's decisions; non-member owners become none, runs outside the project are dropped", async () => {
    const result = await indexDecisions(database.db, {
      notebookId,
      projectId,
      workspaceId,
      decisions: [
        decision(D1, 0, { title: "Use AdamW", status: "accepted", context: "c", decision: "d", rationale: "r", ownerId: owner, decidedOn: "2024-05-01", runIds: [run, otherProjectRun, foreignRun] }),
        decision(D2, 1, { ownerId: stranger, runIds: [foreignRun] }),
      ],
    });
    expect(result).toEqual({ indexed: 2, removed: 0 });
    const stored = await rows();
    expect(stored.map((r) => [r.decisionId, r.position, r.projectId, r.ownerId, r.runIds])).toEqual([
      [D1, 0, projectId, owner, [run]],
      [D2, 1, projectId, null, []],
    ]);
    expect(stored[0]).toMatchObject({ title: "Use AdamW", status: "accepted", context: "c", decision: "d", rationale: "r", decidedOn: "2024-05-01" });
  });

  it("leaves unchanged and merely moved decisions' updated_at alone, moves it on a change", async () => {
    const before = new Map((await rows()).map((r) => [r.decisionId, r.updatedAt.getTime()]));
    await new Promise((r) => setTimeout(r, 20));
    const first = decision(D1, 1, { title: "Use AdamW", status: "accepted", context: "c", decision: "d", rationale: "r", ownerId: owner, decidedOn: "2024-05-01", runIds: [run] });
    await indexDecisions(database.db, { notebookId, projectId, workspaceId, decisions: [decision(D2, 0, { title: "renamed" }), first] });
    const after = await rows();
    expect(after.map((r) => [r.decisionId, r.position, r.title])).toEqual([
      [D2, 0, "renamed"],
      [D1, 1, "Use AdamW"],
    ]);
    expect(after.find((r) => r.decisionId === D1)?.updatedAt.getTime()).toBe(before.get(D1));
    expect(after.find((r) => r.decisionId === D2)?.updatedAt.getTime()).toBeGreaterThan(before.get(D2) ?? Infinity);
  });

  it("deletes decisions no longer on the page, and only this notebook's", async () => {
    await indexDecisions(database.db, { notebookId: otherNotebookId, projectId, workspaceId, decisions: [decision(D1, 0)] });
    const result = await indexDecisions(database.db, { notebookId, projectId, workspaceId, decisions: [decision(D3, 0, { runIds: [run] })] });
    expect(result).toEqual({ indexed: 1, removed: 2 });
    expect((await rows()).map((r) => r.decisionId)).toEqual([D3]);
    expect((await rows(otherNotebookId)).map((r) => r.decisionId)).toEqual([D1]);

    expect(await indexDecisions(database.db, { notebookId, projectId, workspaceId, decisions: [] })).toEqual({ indexed: 0, removed: 1 });
    expect(await rows()).toEqual([]);
    expect(await rows(otherNotebookId)).toHaveLength(1);
  });
});
