import type { JSONContent } from "@tiptap/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { editorSchema } from "@/lib/editor/schema";
import { appendMetricPoints } from "@/lib/metrics/append-metric-points";
import { createRun } from "@/lib/runs/create-run";
import { createUser } from "@/lib/users/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { blockDataKey, exportMarkdown } from "./export-markdown";
import { loadExportData } from "./load-export-data";

const ORIGIN = "https://lab.example.com";
const T0 = Date.parse("2026-11-20T10:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const page = (blocks: JSONContent[]): JSONContent =>
  editorSchema()
    .nodeFromJSON({ type: "doc", content: [{ type: "title", content: [{ type: "text", text: "Review" }] }, ...blocks] })
    .toJSON() as JSONContent;

describe(`loadExportData (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  let owner: string;
  let stranger: string;
  let project: { id: string; slug: string };
  let runA: string;
  let runB: string;
  let foreign: string;

  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
    await database.migrate();
    const db = database.db;
    owner = (await createUser(db, { email: "owner@example.com", password: "password123", name: "Ada Owner" })).id;
    stranger = (await createUser(db, { email: "stranger@example.com", password: "password123" })).id;
    await createWorkspace(db, { slug: "lab", name: "Lab", ownerId: owner });
    await createWorkspace(db, { slug: "other", name: "Other", ownerId: stranger });
    const a = await createRun(db, { userId: owner, project: ["lab", "vision"], name: "alpha", params: { lr: 0.1 }, tags: ["sweep"] });
    runA = a.run.id;
    project = { id: a.run.projectId, slug: "vision" };
    runB = (await createRun(db, { userId: owner, project: ["lab", "vision"], name: "beta", params: { lr: 0.01 }, tags: ["sweep"] })).run.id;
    foreign = (await createRun(db, { userId: stranger, project: ["other", "vision"], name: "foreign" })).run.id;
    // alpha: 3 points before the freeze (steps 0–2), 2 after it (steps 3–4, a new low and a NaN).
    await appendMetricPoints(database, {
      runId: runA,
      points: { keys: ["loss", "loss", "loss", "loss", "loss"], steps: [0, 1, 2, 3, 4], values: [2, 1.5, 1.75, 0.1, NaN], times: [at(0), at(10), at(20), at(70), at(80)] },
    });
    // beta: everything after the freeze.
    await appendMetricPoints(database, { runId: runB, points: { keys: ["loss", "acc"], steps: [0, 0], values: [3, 0.5], times: [at(90), at(90)] } });
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const load = (doc: JSONContent, userId = owner) =>
    loadExportData(database.db, { doc, userId, workspaceSlug: "lab", project, origin: ORIGIN, crashAfterMs: 300_000, now: at(1000) });

  it("summarizes a frozen chart from the points logged up to frozenAt only", async () => {
    const frozen = { type: "metricChart", attrs: { runs: [runA, runB], keys: ["loss"], mode: "frozen", frozenAt: at(30).toISOString() } };
    const live = { type: "metricChart", attrs: { runs: [runA, runB], keys: ["loss"] } };
    const doc = page([frozen, live]);
    const data = await load(doc);

    const frozenData = data.charts[blockDataKey(doc.content?.[1] as JSONContent)];
    if (!frozenData || "error" in frozenData) throw new Error("the frozen chart has no data");
    expect(frozenData.runs.map((r) => r.name)).toEqual(["alpha", "beta"]);
    expect(frozenData.compareUrl).toBe(`${ORIGIN}/lab/vision/compare?runs=${runA},${runB}`);
    // Steps 3 and 4 (0.1 and NaN) came after the freeze; beta logged nothing before it.
    expect(frozenData.summaries.filter((s) => s.count > 0)).toEqual([{ runId: runA, key: "loss", count: 3, last: 1.75, lastStep: 2, min: 1.5, max: 2 }]);
    expect(frozenData.summaries.find((s) => s.runId === runB)).toMatchObject({ count: 0, last: null });

    const liveData = data.charts[blockDataKey(doc.content?.[2] as JSONContent)];
    if (!liveData || "error" in liveData) throw new Error("the live chart has no data");
    expect(liveData.summaries.find((s) => s.runId === runA)).toMatchObject({ count: 5, last: "NaN", lastStep: 4, min: 0.1 });

    const markdown = exportMarkdown(doc, data);
    expect(markdown).toContain(`_Frozen at ${at(30).toISOString()}: the summary counts only points logged up to that time.`);
    expect(markdown).toContain(`| loss | [alpha](${ORIGIN}/lab/vision/runs/${runA}) | 1.75 | 2 | 1.5 | 2 | 3 |`);
    expect(markdown).toContain(`| loss | [beta](${ORIGIN}/lab/vision/runs/${runB}) | no data |  |  |  | 0 |`);
  });

  it("picks a chart's runs by filter", async () => {
    const doc = page([{ type: "metricChart", attrs: { filter: "params.lr < 0.05", keys: ["loss", "acc"] } }]);
    const chart = (await load(doc)).charts[blockDataKey(doc.content?.[1] as JSONContent)];
    if (!chart || "error" in chart) throw new Error("the chart has no data");
    expect(chart.runs.map((r) => r.id)).toEqual([runB]);
    expect(chart.summaries.map((s) => [s.key, s.last]).sort()).toEqual([
      ["acc", 0.5],
      ["loss", 3],
    ]);
  });

  it("fills run tables by filter and by picked ids, sorted and limited, with the chosen columns", async () => {
    const byFilter = { type: "runTable", attrs: { filter: "tags.sweep", columns: ["params.lr", "metrics.loss.min"], sort: "params.lr", limit: 1 } };
    const byIds = { type: "runTable", attrs: { runs: [runB, runA, foreign], columns: ["metrics.loss"], sort: "-params.lr" } };
    const broken = { type: "runTable", attrs: { filter: "params.lr <", columns: [] } };
    const doc = page([byFilter, byIds, broken]);
    const data = await load(doc);
    const [filtered, picked, failed] = [1, 2, 3].map((i) => data.runTables[blockDataKey(doc.content?.[i] as JSONContent)]);

    expect(filtered).toMatchObject({ total: 2, rows: [{ name: "beta", params: { lr: 0.01 }, metrics: { loss: { min: 3 } }, url: `${ORIGIN}/lab/vision/runs/${runB}` }] });
    // The other workspace's run is not readable here and is left out.
    expect(picked).toMatchObject({ total: 2, rows: [{ name: "alpha", metrics: { loss: { last: "NaN", count: 5 } } }, { name: "beta" }] });
    expect(failed).toMatchObject({ error: expect.stringMatching(/Invalid filter/) });

    const markdown = exportMarkdown(doc, data);
    expect(markdown).toContain(`| [beta](${ORIGIN}/lab/vision/runs/${runB}) | running | 0.01 | 3 |`);
    expect(markdown).toContain("_Run table: 1 of 2 runs matching `tags.sweep`, sorted by `params.lr`._");
  });

  it("names decision owners and linked runs the reader may see", async () => {
    const doc = page([{ type: "decision", attrs: { title: "Ship alpha", status: "accepted", owner, runs: [runA, foreign] } }]);
    const data = await load(doc);
    expect(data.users).toEqual({ [owner]: "Ada Owner" });
    expect(Object.keys(data.runs)).toEqual([runA]);
    const markdown = exportMarkdown(doc, data);
    expect(markdown).toContain("### Decision: Ship alpha (Accepted)");
    expect(markdown).toContain("**Owner:** Ada Owner");
    expect(markdown).toContain(`**Linked runs:** [alpha](${ORIGIN}/lab/vision/runs/${runA}), \`${foreign}\` (not found)`);

    // Someone outside the workspace sees none of the runs.
    expect((await load(doc, stranger)).runs).toEqual({});
  });
});
