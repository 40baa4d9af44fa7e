import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractedDecision } from "@/lib/decisions/extract-decisions";
import { indexDecisions } from "@/lib/decisions/index-decisions";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

type DecisionBody = {
  notebookId: string;
  notebookTitle: string;
  decisionId: string;
  title: string;
  status: string;
  context: string;
  decision: string;
  rationale: string;
  owner: { id: string; name: string } | null;
  date: string | null;
  runs: { id: string; name: string }[];
  updatedAt: string;
  path: string;
  url: string;
};
type ListBody = { decisions: DecisionBody[] };

const decision = (position: number, extra: Partial<ExtractedDecision>): ExtractedDecision => ({
  decisionId: randomUUID(),
  position,
  title: "",
  status: "proposed",
  context: "",
  decision: "",
  rationale: "",
  ownerId: null,
  decidedOn: null,
  runIds: [],
  ...extra,
});

describe("decisions API", () => {
  let t: TestServer;
  let slug: string;
  let owner: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  let runA: string;
  let runB: string;
  let adamw: ExtractedDecision;
  let warmup: ExtractedDecision;
  let batch: ExtractedDecision;
  let gone: ExtractedDecision;
  let notebookA: string;

  beforeAll(async () => {
    t = await startTestServer();
    const created = await createOwnedWorkspace(t);
    owner = created.owner;
    slug = created.workspace.slug;
    viewer = await createKeyUser(t, { workspaceId: created.workspace.id, role: "viewer", name: "Vera" });
    outsider = await createKeyUser(t);
    const run = async (name: string) => (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project: `${slug}/p`, name } })).body.id;
    runA = await run("baseline");
    runB = await run("adamw-lr3e-4");
    const notebook = async (title: string) => (await t.request<{ id: string }>("/api/v1/notebooks", { key: owner.key, body: { project: `${slug}/p`, title } })).body.id;
    notebookA = await notebook("Optimizer study");
    const notebookB = await notebook("Schedule study");
    const notebookGone = await notebook("Abandoned");
    const db = t.server.services.database.db;
    const project = await getProjectOrThrow(db, created.workspace.id, "p");
    const index = (notebookId: string, list: ExtractedDecision[]) => indexDecisions(db, { notebookId, projectId: project.id, workspaceId: created.workspace.id, decisions: list });

    adamw = decision(0, { title: "Use AdamW", status: "accepted", context: "SGD plateaus", decision: "Switch to AdamW", rationale: "2% better val", ownerId: viewer.user.id, decidedOn: "2024-05-01", runIds: [runA, runB] });
    batch = decision(1, { title: "Batch 512", status: "rejected", rationale: "100%_sure it diverges" });
    await index(notebookA, [adamw, batch]);
    await new Promise((r) => setTimeout(r, 20));
    warmup = decision(0, { title: "Warmup 1k steps", status: "proposed", runIds: [runB] });
    await index(notebookB, [warmup]);
    await new Promise((r) => setTimeout(r, 20));
    gone = decision(0, { title: "On a deleted page", runIds: [runA] });
    await index(notebookGone, [gone]);
    expect((await t.request(`/api/v1/notebooks/${notebookGone}`, { method: "DELETE", key: owner.key })).status).toBe(204);
  });
  afterAll(async () => t?.close());

  const list = async (query = "", key = viewer.key) => t.request<ListBody>(`/api/v1/projects/${slug}/p/decisions${query}`, { key });
  const titles = async (query = "") => {
    const res = await list(query);
    expect(res.status).toBe(200);
    return res.body.decisions.map((d) => d.title);
  };

  it("lists a project's decisions to a viewer, newest first, without those of deleted notebooks", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.decisions.map((d) => d.title)).toEqual(["Warmup 1k steps", "Use AdamW", "Batch 512"]);
    const first = res.body.decisions[1];
    expect(first).toMatchObject({
      notebookId: notebookA,
      notebookTitle: "Optimizer study",
      decisionId: adamw.decisionId,
      status: "accepted",
      context: "SGD plateaus",
      decision: "Switch to AdamW",
      rationale: "2% better val",
      owner: { id: viewer.user.id, name: "Vera" },
      date: "2024-05-01",
      runs: [
        { id: runA, name: "baseline" },
        { id: runB, name: "adamw-lr3e-4" },
      ],
      path: `/${slug}/p/notebooks/${notebookA}#decision-${adamw.decisionId}`,
      url: `${t.url}/${slug}/p/notebooks/${notebookA}#decision-${adamw.decisionId}`,
    });
    expect(Number.isNaN(Date.parse(first?.updatedAt ?? ""))).toBe(false);
  });

  it("filters by status, owner, run, text and notebook", async () => {
    expect(await titles("?status=accepted,rejected")).toEqual(["Use AdamW", "Batch 512"]);
    expect(await titles("?status=proposed")).toEqual(["Warmup 1k steps"]);
    expect(await titles(`?owner=${viewer.user.id}`)).toEqual(["Use AdamW"]);
    expect(await titles(`?run=${runB}`)).toEqual(["Warmup 1k steps", "Use AdamW"]);
    expect(await titles(`?run=${runA}`)).toEqual(["Use AdamW"]);
    expect(await titles("?q=adamw")).toEqual(["Use AdamW"]);
    expect(await titles("?q=plateaus")).toEqual(["Use AdamW"]);
    // LIKE wildcards are literal text.
    expect(await titles("?q=100%25_")).toEqual(["Batch 512"]);
    expect(await titles("?q=%25")).toEqual(["Use AdamW", "Batch 512"]);
    expect(await titles(`?notebook=${notebookA}&status=rejected`)).toEqual(["Batch 512"]);
    expect(await titles(`?notebook=${randomUUID()}`)).toEqual([]);
  });

  it("answers 400 naming the field for bad filters", async () => {
    for (const [query, field] of [
      ["?status=accepted,maybe", "status"],
      ["?run=nope", "run"],
      ["?notebook=12", "notebook"],
      ["?owner=", "owner"],
      ["?limit=0", "limit"],
    ] as const) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "invalid_input" } });
      expect(JSON.stringify(res.body), query).toContain(`${field}:`);
    }
  });

  it("lists the decisions linking a run", async () => {
    const res = await t.request<ListBody>(`/api/v1/runs/${runA}/decisions`, { key: viewer.key });
    expect(res.status).toBe(200);
    expect(res.body.decisions.map((d) => d.decisionId)).toEqual([adamw.decisionId]);
    const b = await t.request<ListBody>(`/api/v1/runs/${runB}/decisions`, { key: viewer.key });
    expect(b.body.decisions.map((d) => d.decisionId)).toEqual([warmup.decisionId, adamw.decisionId]);
  });

  it("refuses non-members and anonymous callers", async () => {
    expect((await list("", outsider.key)).status).toBe(404);
    expect((await t.request(`/api/v1/runs/${runA}/decisions`, { key: outsider.key })).status).toBe(404);
    expect((await t.request(`/api/v1/projects/${slug}/p/decisions`)).status).toBe(401);
    expect((await t.request(`/api/v1/runs/${runA}/decisions`)).status).toBe(401);
    expect((await list("", owner.key)).body.decisions).toHaveLength(3);
    expect((await t.request(`/api/v1/projects/${slug}/nope/decisions`, { key: viewer.key })).status).toBe(404);
  });
});
