import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";

type Series = { key: string; steps: number[]; values: unknown[]; timestamps: string[]; downsampled: boolean; total: number; band: { min: unknown[]; max: unknown[]; fromStep: number[]; toStep: number[] } | null };

describe("reading metrics: series and CSV", () => {
  let t: TestServer;
  let viewer: TestUser;
  let outsider: TestUser;
  let runId: string;
  const N = 10_000;
  const SPIKE = 5_123;

  beforeAll(async () => {
    t = await startTestServer();
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    const editor = await t.createUser({ workspaceId: ws.id, role: "editor" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    outsider = await t.createUser();
    runId = (await t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { project: "lab/p" } })).body.id;
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
});
