import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";

type Page = { runs: { id: string; name: string; status: string; metrics: Record<string, { last: unknown; min: unknown }> }[]; nextCursor: string | null; total: number };

describe("GET /projects/:ws/:project/runs", () => {
  let t: TestServer;
  let editor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestServer();
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    editor = await t.createUser({ workspaceId: ws.id, role: "editor", name: "Ada" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    outsider = await t.createUser();
    const specs: [string, Record<string, unknown>, string[], number[]][] = [
      ["resnet-small", { lr: 0.001, optimizer: { name: "adam" }, amp: true }, ["baseline"], [0.9, 0.5, 0.4]],
      ["resnet-large", { lr: 0.01, optimizer: { name: "sgd" }, amp: false }, [], [0.8, 0.3, 0.35]],
      ["vit-base", { lr: 0.1, optimizer: { name: "adam" } }, ["baseline", "vit"], [1.2, "NaN" as unknown as number, 0.9]],
      ["mlp", { lr: "auto" }, [], []],
    ];
    for (const [name, params, tags, losses] of specs) {
      const res = await t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { project: "lab/vision", name, params, tags } });
      ids[name] = res.body.id;
      if (losses.length > 0) {
        await t.request(`/api/v1/runs/${res.body.id}/metrics`, { key: editor.key, body: { series: [{ key: "val/loss", values: losses }] } });
      }
    }
    await t.request(`/api/v1/runs/${ids.mlp}`, { method: "PATCH", key: editor.key, body: { status: "failed" } });
  });
  afterAll(async () => t?.close());

  const list = (query: string, key = viewer.key) => t.request<Page>(`/api/v1/projects/lab/vision/runs${query}`, { key });
  const names = (page: Page) => page.runs.map((r) => r.name);

  it("lists the newest first with a total", async () => {
    const res = await list("");
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(["mlp", "vit-base", "resnet-large", "resnet-small"]);
    expect(res.body.total).toBe(4);
    expect(res.body.runs[0]).toMatchObject({ status: "failed", author: { name: "Ada" }, params: { lr: "auto" } });
    expect(res.body.runs[0]).not.toHaveProperty("repro");
  });

  it.each<[string, string[]]>([
    ["params.lr < 0.01", ["resnet-small"]],
    ["params.lr >= 0.01 and tags.baseline", ["vit-base"]],
    ["params.optimizer.name = adam", ["resnet-small", "vit-base"]],
    ["params.amp = true", ["resnet-small"]],
    ["params.lr = auto", ["mlp"]],
    ["not tags.baseline", ["mlp", "resnet-large"]],
    ["metrics.val/loss < 0.4", ["resnet-large"]],
    ["metrics.val/loss.min <= 0.3", ["resnet-large"]],
    ["metrics.val/loss", ["resnet-large", "resnet-small", "vit-base"]],
    ["resnet", ["resnet-large", "resnet-small"]],
    ["vit or status = failed", ["mlp", "vit-base"]],
    ["name ~ RESNET and not name ~ small", ["resnet-large"]],
    ["author = Ada and params.seed", []],
  ])("filters %j", async (filter, expected) => {
    const res = await list(`?sort=name&filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  it("narrows to picked run ids (a notebook block's runs), combined with a filter", async () => {
    const picked = `${ids["vit-base"]},${ids.mlp},${ids["resnet-small"]}`;
    expect(names((await list(`?sort=name&ids=${picked}`)).body)).toEqual(["mlp", "resnet-small", "vit-base"]);
    expect(names((await list(`?sort=name&ids=${picked}&filter=tags.baseline`)).body)).toEqual(["resnet-small", "vit-base"]);
    for (const bad of ["nope", Array.from({ length: 201 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`).join(",")]) {
      const res = await t.request<{ error: { message: string } }>(`/api/v1/projects/lab/vision/runs?ids=${bad}`, { key: viewer.key });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain("ids");
    }
  });

  it("sorts by params and metrics, numbers numerically", async () => {
    expect(names((await list("?sort=params.lr")).body)).toEqual(["resnet-small", "resnet-large", "vit-base", "mlp"]);
    expect(names((await list(`?sort=-${encodeURIComponent("metrics.val/loss")}`)).body)).toEqual(["vit-base", "resnet-small", "resnet-large", "mlp"]);
  });

  it("returns summaries of the requested metric keys, NaN-safe", async () => {
    const res = await list(`?sort=name&metrics=${encodeURIComponent("val/loss")}`);
    const vit = res.body.runs.find((r) => r.name === "vit-base");
    expect(vit?.metrics["val/loss"]).toEqual({ last: 0.9, min: 0.9, max: 1.2, step: 2, count: 3 });
  });

  it("pages with an opaque cursor until the end", async () => {
    const first = await list("?sort=name&limit=3");
    expect(names(first.body)).toEqual(["mlp", "resnet-large", "resnet-small"]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(`?sort=name&limit=3&cursor=${first.body.nextCursor}`);
    expect(names(second.body)).toEqual(["vit-base"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("shows silent running runs as crashed, also to filters", async () => {
    await t.server.services.database.rows(sql`update runs set last_seen_at = now() - interval '1 hour' where id = ${ids["resnet-small"]}::uuid`);
    expect(names((await list("?filter=status%20%3D%20crashed")).body)).toEqual(["resnet-small"]);
  });

  it.each<[string, RegExp]>([
    ["?filter=params.lr%20%3C", /Invalid filter at character 12: expected a value/],
    ["?sort=bogus", /Invalid sort "bogus"/],
    ["?limit=0", /limit: must be at least 1/],
    ["?cursor=!!", /Invalid cursor/],
  ])("refuses %s with 400 naming the problem", async (query, message) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_input", message: expect.stringMatching(message) } });
  });

  it("refuses an outsider (viewer needed) as not found, and unknown projects", async () => {
    expect((await list("", outsider.key)).status).toBe(404);
    expect((await t.request("/api/v1/projects/lab/nope/runs", { key: viewer.key })).status).toBe(404);
  });
});
