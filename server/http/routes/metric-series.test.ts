import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";

type Series = { key: string; steps: number[]; values: unknown[]; timestamps: string[]; downsampled: boolean; total: number; band: { min: unknown[]; max: unknown[]; fromStep: number[]; toStep: number[] } | null };

describe("reading metrics: series and CSV", () => {
  let t: TestServer;
  let viewer: TestUser;
  let outsider: TestUser;
  let runId: string;
  let secondRunId: string;
  let editorKey: string;
  const N = 10_000;
  const SPIKE = 5_123;

  beforeAll(async () => {
    t = await startTestServer();
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    const editor = await t.createUser({ workspaceId: ws.id, role: "editor" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    outsider = await t.createUser();
    editorKey = editor.key;
    runId = (await t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { project: "lab/p" } })).body.id;
    secondRunId = (await t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { project: "lab/p" } })).body.id;
    await t.request(`/api/v1/runs/${secondRunId}/metrics`, { key: editor.key, body: { series: [{ key: "val/loss", values: [3, 2, 1] }] } });
    const steps = Array.from({ length: N }, (_, i) => i);
    const values = steps.map((i) => (i === SPIKE ? 1000 : Math.sin(i / 100)));
    await t.request(`/api/v1/runs/${runId}/metrics`, { key: editor.key, body: { series: [{ key: "val/loss", steps, values }] } });
    await t.request(`/api/v1/runs/${runId}/metrics`, {
      key: editor.key,
      body: { series: [{ key: 'odd,"key"', steps: [0, 1, 2], values: [1, "NaN", "-Infinity"], timestamps: [0, 1000, 2000] }] },
    });
  });
  afterAll(async () => t?.close());

  const series = (key: string, query = "", k = viewer.key) => t.request<Series>(`/api/v1/runs/${runId}/metrics/${key}${query}`, { key: k });

  it("returns raw points when the range is small enough", async () => {
    const res = await series(encodeURIComponent('odd,"key"'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ steps: [0, 1, 2], values: [1, "NaN", "-Infinity"], downsampled: false, band: null, total: 3 });
    expect(res.body.timestamps[1]).toBe("1970-01-01T00:00:01.000Z");
  });

  it("downsamples a long series without losing its spike, its ends or its band", async () => {
    const res = await series("val/loss", "?maxPoints=200");
    expect(res.body.downsampled).toBe(true);
    expect(res.body.total).toBe(N);
    expect(res.body.steps.length).toBeLessThanOrEqual(200);
    expect(res.body.steps[0]).toBe(0);
    expect(res.body.steps.at(-1)).toBe(N - 1);
    expect(res.body.values[res.body.steps.indexOf(SPIKE)]).toBe(1000);
    expect(Math.max(...(res.body.band?.max as number[]))).toBe(1000);
    expect(res.body.steps).toEqual([...res.body.steps].sort((a, b) => a - b));
  });

  it("answers a step range (zoom) with finer data, and the same path with an encoded slash", async () => {
    const res = await series("val%2Floss", "?fromStep=5100&toStep=5149&maxPoints=100");
    expect(res.body).toMatchObject({ downsampled: false, total: 50 });
    expect(res.body.steps).toEqual(Array.from({ length: 50 }, (_, i) => 5100 + i));
  });

  it.each<[string, string, number, RegExp]>([
    ["an unknown key", "nope", 404, /no metric "nope"/],
    ["a tiny maxPoints", "val/loss?maxPoints=2", 400, /maxPoints: must be at least 8/],
    ["an inverted range", "val/loss?fromStep=9&toStep=3", 400, /fromStep must not exceed toStep/],
  ])("refuses %s", async (_label, path, status, message) => {
    const res = await t.request<{ error: { message: string } }>(`/api/v1/runs/${runId}/metrics/${path}`, { key: viewer.key });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it("streams every point as CSV", async () => {
    const res = await fetch(`${t.url}/api/v1/runs/${runId}/metrics.csv`, { headers: { authorization: `Bearer ${viewer.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines[0]).toBe("key,step,timestamp,value");
    expect(lines).toHaveLength(1 + 3 + N);
    expect(lines.slice(1, 4)).toEqual([
      '"odd,""key""",0,1970-01-01T00:00:00.000Z,1',
      '"odd,""key""",1,1970-01-01T00:00:01.000Z,NaN',
      '"odd,""key""",2,1970-01-01T00:00:02.000Z,-Infinity',
    ]);
    expect(lines.filter((l) => l.startsWith("val/loss,"))).toHaveLength(N);
    expect(lines).toContain(`val/loss,${SPIKE},${lines.find((l) => l.startsWith(`val/loss,${SPIKE},`))?.split(",")[2]},1000`);
  });

  it("refuses an outsider (viewer needed) for both", async () => {
    expect((await series("val/loss", "", outsider.key)).status).toBe(404);
    expect((await t.request(`/api/v1/runs/${runId}/metrics.csv`, { key: outsider.key })).status).toBe(404);
  });

  describe("of many runs at once (GET /series)", () => {
    type Many = { key: string; series: Record<string, Series> };
    const many = (query: string, k = viewer.key) => t.request<Many>(`/api/v1/series?${query}`, { key: k });

    it("answers each readable run that logged the key, in the order asked, like the one-run route", async () => {
      const third = (await t.request<{ id: string }>("/api/v1/runs", { key: editorKey, body: { project: "lab/p" } })).body.id; // no points
      const res = await many(`key=val/loss&runs=${secondRunId},${third},${runId}&maxPoints=400`);
      expect(res.status).toBe(200);
      expect(res.body.key).toBe("val/loss");
      expect(Object.keys(res.body.series)).toEqual([secondRunId, runId]);
      expect(res.body.series[secondRunId]).toMatchObject({ steps: [0, 1, 2], values: [3, 2, 1], downsampled: false, total: 3 });
      const single = await series("val/loss", "?maxPoints=400");
      expect(res.body.series[runId]).toEqual(single.body);
      expect(res.body.series[runId]?.steps).toContain(SPIKE);
    });

    it("leaves out runs the caller may not read, and unknown or malformed ids", async () => {
      const res = await many(`key=val/loss&runs=${runId},not-a-uuid,00000000-0000-4000-8000-000000000000`, outsider.key);
      expect(res.status).toBe(200);
      expect(res.body.series).toEqual({});
      const mixed = await many(`key=val/loss&runs=${runId},00000000-0000-4000-8000-000000000000&fromStep=10&toStep=19`);
      expect(Object.keys(mixed.body.series)).toEqual([runId]);
      expect(mixed.body.series[runId]?.steps).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    });

    it("answers a frozen chart only what was logged up to its time", async () => {
      const run = (await t.request<{ id: string }>("/api/v1/runs", { key: editorKey, body: { project: "lab/p" } })).body.id;
      await t.request(`/api/v1/runs/${run}/metrics`, { key: editorKey, body: { series: [{ key: "acc", steps: [0, 1, 2], values: [0.1, 0.2, 0.3] }] } });
      await new Promise((r) => setTimeout(r, 20));
      const frozenAt = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await t.request(`/api/v1/runs/${run}/metrics`, { key: editorKey, body: { series: [{ key: "acc", steps: [3, 4], values: [0.4, 0.5] }] } });
      const frozen = await many(`key=acc&runs=${run}&until=${encodeURIComponent(frozenAt)}`);
      expect(frozen.body.series[run]).toMatchObject({ steps: [0, 1, 2], values: [0.1, 0.2, 0.3], total: 3 });
      const before = await many(`key=acc&runs=${run}&until=2000-01-01T00:00:00Z`);
      expect(before.body.series[run]).toMatchObject({ steps: [], total: 0 });
      expect((await many(`key=acc&runs=${run}`)).body.series[run]?.steps).toEqual([0, 1, 2, 3, 4]);
    });

    it("refuses a bad query naming the field, and anonymous callers", async () => {
      const tooMany = Array.from({ length: 201 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`).join(",");
      for (const [query, field] of [
        [`runs=${runId}`, "key"],
        ["key=val/loss", "runs"],
        [`key=val/loss&runs=${tooMany}`, "runs"],
        [`key=val/loss&runs=${runId}&maxPoints=3`, "maxPoints"],
        [`key=val/loss&runs=${runId}&fromStep=9&toStep=2`, "fromStep"],
        [`key=val/loss&runs=${runId}&until=yesterday`, "until"],
      ] as const) {
        const res = await t.request<{ error: { code: string; message: string } }>(`/api/v1/series?${query}`, { key: viewer.key });
        expect(res.status, query).toBe(400);
        expect(res.body.error.message, query).toContain(field);
      }
      expect((await t.request("/api/v1/series?key=val/loss&runs=" + runId)).status).toBe(401);
    });
  });
});
