import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";

type RunView = {
  id: string;
  name: string;
  status: string;
  params: Record<string, unknown>;
  tags: string[];
  notes: string;
  repro: Record<string, unknown>;
  metrics: { key: string; count: number; min: unknown; max: unknown; last: { step: number; value: unknown } | null }[];
};

describe("runs API", () => {
  let t: TestServer;
  let editor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  beforeAll(async () => {
    t = await startTestServer({ LABBOOK_CRASH_AFTER_SECONDS: "10" });
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    editor = await t.createUser({ workspaceId: ws.id, role: "editor" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    outsider = await t.createUser();
  });
  afterAll(async () => t?.close());

  const startRun = async (body: Record<string, unknown> = {}) => {
    const res = await t.request<{ id: string; name: string; url: string }>("/api/v1/runs", { key: editor.key, body: { project: "lab/mnist", ...body } });
    expect(res.status).toBe(201);
    return res.body;
  };

  it("starts a run, creating the project, and returns its id, name and page URL", async () => {
    const run = await startRun({ name: "baseline", params: { lr: 0.01, model: { depth: 4 } }, tags: ["baseline"], repro: { git: { commit: "abc123" }, seed: 7 } });
    expect(run.url).toBe(`${t.url}/lab/mnist/runs/${run.id}`);
    const project = await t.request("/api/v1/projects/lab/mnist", { key: viewer.key });
    expect(project.status).toBe(200);
    const got = await t.request<RunView>(`/api/v1/runs/${run.id}`, { key: viewer.key });
    expect(got.body).toMatchObject({ name: "baseline", status: "running", params: { lr: 0.01, model: { depth: 4 } }, tags: ["baseline"], repro: { git: { commit: "abc123" }, seed: 7 } });
  });

  it("makes a create with a client-chosen id idempotent", async () => {
    const id = "3f1c2b7e-8d4a-4c1e-9b2f-6a5d4c3b2a10";
    const first = await t.request<{ id: string; name: string }>("/api/v1/runs", { key: editor.key, body: { id, project: "lab/mnist", name: "retried" } });
    const retry = await t.request<{ id: string; name: string }>("/api/v1/runs", { key: editor.key, body: { id, project: "lab/mnist", name: "retried" } });
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body).toEqual(first.body);
    const list = await t.request<{ runs: { id: string }[] }>("/api/v1/projects/lab/mnist/runs?filter=name%20%3D%20retried", { key: viewer.key });
    expect(list.body.runs.map((r) => r.id)).toEqual([id]);
    const elsewhere = await t.request("/api/v1/runs", { key: editor.key, body: { id, project: "lab/other" } });
    expect(elsewhere.status).toBe(409);
    // concurrent retries of one create: one run, no errors
    const racing = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    const answers = await Promise.all([1, 2, 3, 4].map(() => t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { id: racing, project: "lab/mnist" } })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id))).toEqual(new Set([racing]));
  });

  it("gives a run a generated name when none is sent", async () => {
    expect((await startRun()).name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
  });

  it("logs rows and columns, idempotently, and summarises each key", async () => {
    const { id } = await startRun();
    const rows = await t.request(`/api/v1/runs/${id}/metrics`, {
      key: editor.key,
      body: { batchId: "b1", points: [{ key: "loss", value: 1.5 }, { key: "loss", value: "NaN" }, { key: "loss", step: 7, value: 0.5, ts: 1_700_000_000_000 }] },
    });
    expect(rows.body).toEqual({ accepted: 3, duplicates: 0, replayed: false });
    const replay = await t.request(`/api/v1/runs/${id}/metrics`, { key: editor.key, body: { batchId: "b1", points: [{ key: "loss", value: 1.5 }] } });
    expect(replay.body).toEqual({ accepted: 3, duplicates: 0, replayed: true });
    const columns = await t.request(`/api/v1/runs/${id}/metrics`, {
      key: editor.key,
      body: { series: [{ key: "loss", steps: [7, 3], values: [99, "-Infinity"] }] },
    });
    expect(columns.body).toEqual({ accepted: 1, duplicates: 1, replayed: false });
    const got = await t.request<RunView>(`/api/v1/runs/${id}`, { key: viewer.key });
    expect(got.body.metrics).toEqual([{ key: "loss", count: 4, min: "-Infinity", max: 1.5, last: { step: 7, value: 0.5, time: "2023-11-14T22:13:20.000Z" } }]);
  });

  it("keeps params write-once per key, naming the conflicting key", async () => {
    const { id } = await startRun({ params: { lr: 0.1 } });
    expect((await t.request(`/api/v1/runs/${id}/params`, { key: editor.key, body: { params: { lr: 0.1, epochs: 3 } } })).status).toBe(200);
    const clash = await t.request(`/api/v1/runs/${id}/params`, { key: editor.key, body: { params: { batch: 32, lr: 0.2 } } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ error: { code: "conflict", message: expect.stringContaining('"lr"') } });
    const got = await t.request<RunView>(`/api/v1/runs/${id}`, { key: viewer.key });
    expect(got.body.params).toEqual({ lr: 0.1, epochs: 3 });
  });

  it("replaces tags, updates status, name and notes, and records heartbeats", async () => {
    const { id } = await startRun({ tags: ["a"] });
    expect((await t.request(`/api/v1/runs/${id}/tags`, { method: "PUT", key: editor.key, body: { tags: ["b", "c", "b"] } })).body).toEqual({ tags: ["b", "c"] });
    const patched = await t.request<RunView & { endedAt: string | null }>(`/api/v1/runs/${id}`, {
      method: "PATCH",
      key: editor.key,
      body: { status: "finished", name: "renamed", notes: "converged" },
    });
    expect(patched.body).toMatchObject({ status: "finished", name: "renamed", notes: "converged", tags: ["b", "c"] });
    expect(patched.body.endedAt).not.toBeNull();
    expect((await t.request(`/api/v1/runs/${id}/heartbeat`, { key: editor.key, body: {} })).status).toBe(204);
  });

  it("shows a silent running run as crashed", async () => {
    const { id } = await startRun();
    await t.server.services.database.rows(
      (await import("drizzle-orm")).sql`update runs set last_seen_at = now() - interval '1 minute' where id = ${id}::uuid`,
    );
    expect((await t.request<RunView>(`/api/v1/runs/${id}`, { key: viewer.key })).body.status).toBe("crashed");
    await t.request(`/api/v1/runs/${id}/heartbeat`, { key: editor.key, body: {} });
    expect((await t.request<RunView>(`/api/v1/runs/${id}`, { key: viewer.key })).body.status).toBe("running");
  });

  // Every run route: the role below the minimum is refused, and nothing changes.
  it.each<[string, string, string, unknown]>([
    ["POST metrics", "POST", "metrics", { points: [{ key: "x", value: 1 }] }],
    ["POST params", "POST", "params", { params: { injected: 1 } }],
    ["PUT tags", "PUT", "tags", { tags: ["injected"] }],
    ["PATCH run", "PATCH", "", { name: "injected" }],
    ["POST heartbeat", "POST", "heartbeat", {}],
  ])("refuses a viewer: %s (editor needed)", async (_label, method, path, body) => {
    const { id } = await startRun();
    const before = await t.request<RunView & { lastSeenAt: string }>(`/api/v1/runs/${id}`, { key: viewer.key });
    const res = await t.request(`/api/v1/runs/${id}${path ? `/${path}` : ""}`, { key: viewer.key, method, body });
    expect(res.status).toBe(403);
    expect((await t.request(`/api/v1/runs/${id}`, { key: viewer.key })).body).toEqual(before.body);
  });

  it("refuses an outsider reading a run (viewer needed), as if it did not exist", async () => {
    const { id } = await startRun();
    const res = await t.request(`/api/v1/runs/${id}`, { key: outsider.key });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "not_found" } });
  });

  it("refuses a viewer starting a run, and an outsider's project", async () => {
    expect((await t.request("/api/v1/runs", { key: viewer.key, body: { project: "lab/mnist" } })).status).toBe(403);
    expect((await t.request("/api/v1/runs", { key: outsider.key, body: { project: "lab/mnist" } })).status).toBe(404);
  });

  it.each<[string, unknown, number, RegExp]>([
    ["a bare NaN", '{"points":[{"key":"x","value":NaN}]}', 400, /Malformed JSON/],
    ["a string value", { points: [{ key: "x", value: "1.5" }] }, 400, /value/],
    ["a negative step", { points: [{ key: "x", step: -1, value: 1 }] }, 400, /step: must not be negative/],
    ["a fractional step", { points: [{ key: "x", step: 1.5, value: 1 }] }, 400, /step: must be an integer/],
    ["a 300-character key", { points: [{ key: "k".repeat(300), value: 1 }] }, 400, /key: must be at most 250/],
    ["an empty batch", { points: [] }, 400, /at least one point/],
    ["mismatched columns", { series: [{ key: "x", steps: [1, 2], values: [1] }] }, 400, /same length/],
    ["a bad timestamp", { points: [{ key: "x", value: 1, ts: "yesterday" }] }, 400, /ts/],
    ["too many points", { series: [{ key: "x", values: Array.from({ length: 100_001 }, () => 0) }] }, 413, /at most 100000 points/],
  ])("refuses %s with a clear error and writes nothing", async (_label, body, status, message) => {
    const { id } = await startRun();
    const res = await t.request<{ error: { message: string } }>(`/api/v1/runs/${id}/metrics`, { key: editor.key, body });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
    expect((await t.request<RunView>(`/api/v1/runs/${id}`, { key: viewer.key })).body.metrics).toEqual([]);
  });

  it("answers an unknown run with 404", async () => {
    expect((await t.request("/api/v1/runs/00000000-0000-4000-8000-000000000000", { key: editor.key })).status).toBe(404);
    expect((await t.request("/api/v1/runs/not-a-uuid/metrics", { key: editor.key, body: { points: [{ key: "x", value: 1 }] } })).status).toBe(404);
  });
});
