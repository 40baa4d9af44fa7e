import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type ApiResponse, type TestServer, type TestUser } from "@/tests/support/server";

type KeyValue = { key: string; value: string };
type RunInfo = {
  run_id: string;
  run_uuid: string;
  run_name: string;
  experiment_id: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time?: number;
  artifact_uri: string;
  lifecycle_stage: string;
};
type Run = { info: RunInfo; data: { metrics?: { key: string; value: unknown; timestamp: number; step: number }[]; params?: KeyValue[]; tags?: KeyValue[] } };
type LabbookRun = { id: string; name: string; status: string; params: Record<string, unknown>; tags: string[]; mlflowTags: Record<string, string>; notes: string; startedAt: string; endedAt: string | null; repro: Record<string, unknown> };

describe("MLflow runs API", () => {
  let t: TestServer;
  let editor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let experimentId: string;

  const post = <T = Record<string, unknown>>(path: string, body: unknown, key = editor.key): Promise<ApiResponse<T>> =>
    t.request<T>(`/api/2.0/mlflow${path}`, { method: "POST", body, key });
  const get = <T = Record<string, unknown>>(path: string, query: Record<string, string>, key = editor.key): Promise<ApiResponse<T>> =>
    t.request<T>(`/api/2.0/mlflow${path}?${new URLSearchParams(query).toString()}`, { key });
  const createRun = async (body: Record<string, unknown> = {}, key = editor.key) => {
    const res = await post<{ run: Run }>("/runs/create", { experiment_id: experimentId, start_time: Date.now(), ...body }, key);
    expect(res.status).toBe(200);
    return res.body.run;
  };
  const tagsOf = (run: Run) => Object.fromEntries((run.data.tags ?? []).map((tag) => [tag.key, tag.value]));

  beforeAll(async () => {
    t = await startTestServer();
    const db = t.server.services.database.db;
    const owner = await t.createUser();
    const ws = await createWorkspace(db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    editor = await t.createUser({ workspaceId: ws.id, role: "editor", name: "Ada" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    outsider = await t.createUser();
    await createWorkspace(db, { slug: "elsewhere", name: "Elsewhere", ownerId: outsider.user.id });
    const created = await post<{ experiment_id: string }>("/experiments/create", { name: "mnist" });
    experimentId = created.body.experiment_id;
  });
  afterAll(async () => t?.close());

  it("creates a run from MLflow's documented payload and shows it in Labbook's own API", async () => {
    const res = await post<{ run: Run }>("/runs/create", {
      experiment_id: experimentId,
      run_name: "brave-owl-12",
      start_time: 1732700000000,
      tags: [
        { key: "mlflow.user", value: "alice" },
        { key: "mlflow.source.name", value: "train.py" },
        { key: "mlflow.source.type", value: "LOCAL" },
        { key: "mlflow.source.git.commit", value: "9c1e0f" },
      ],
    });
    expect(res.status).toBe(200);
    const { run } = res.body;
    expect(run.info).toEqual({
      run_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      run_uuid: run.info.run_id,
      run_name: "brave-owl-12",
      experiment_id: experimentId,
      user_id: "alice",
      status: "RUNNING",
      start_time: 1732700000000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${run.info.run_id}/artifacts`,
      lifecycle_stage: "active",
    });
    expect(tagsOf(run)).toEqual({
      "mlflow.user": "alice",
      "mlflow.source.name": "train.py",
      "mlflow.source.type": "LOCAL",
      "mlflow.source.git.commit": "9c1e0f",
      "mlflow.runName": "brave-owl-12",
    });
    expect(run.data.metrics).toBeUndefined();

    const labbook = await t.request<LabbookRun>(`/api/v1/runs/${run.info.run_id}`, { key: viewer.key });
    expect(labbook.status).toBe(200);
    expect(labbook.body).toMatchObject({
      name: "brave-owl-12",
      status: "running",
      startedAt: "2024-11-27T09:33:20.000Z",
      mlflowTags: { "mlflow.user": "alice", "mlflow.source.git.commit": "9c1e0f" },
      repro: { git: { commit: "9c1e0f" }, command: "train.py" },
    });
  });

  it("names a run from its mlflow.runName tag, generates one otherwise, and refuses two different names", async () => {
    expect((await createRun({ tags: [{ key: "mlflow.runName", value: "from-tag" }] })).info.run_name).toBe("from-tag");
    expect((await createRun()).info.run_name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    const clash = await post("/runs/create", { experiment_id: experimentId, run_name: "a", tags: [{ key: "mlflow.runName", value: "b" }] });
    expect(clash.status).toBe(400);
    expect(clash.body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b').",
    });
  });

  it("starts runs without an experiment in the caller's default experiment, as MLflow's experiment 0", async () => {
    const run = await createRun({ experiment_id: "0" });
    const experiment = await get<{ experiment: { experiment_id: string; name: string } }>("/experiments/get", { experiment_id: "0" });
    expect(experiment.body.experiment).toMatchObject({ experiment_id: run.info.experiment_id, name: "Default" });
    expect((await createRun({ experiment_id: undefined })).info.experiment_id).toBe(run.info.experiment_id);
  });

  it("gets a run by run_id or run_uuid, through GET query or POST body, with or without dashes", async () => {
    const run = await createRun({ run_name: "fetch-me" });
    const id = run.info.run_id;
    for (const res of [
      await get<{ run: Run }>("/runs/get", { run_id: id }, viewer.key),
      await get<{ run: Run }>("/runs/get", { run_uuid: id }, viewer.key),
      await get<{ run: Run }>("/runs/get", { run_id: id.replace(/-/g, "") }, viewer.key),
      await post<{ run: Run }>("/runs/get", { run_id: id }, viewer.key),
    ]) {
      expect(res.status).toBe(200);
      expect(res.body.run.info.run_name).toBe("fetch-me");
    }
    const missing = await get("/runs/get", {}, viewer.key);
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    });
  });

  it("updates status, end time and name (runs/update) and Labbook shows the end", async () => {
    const run = await createRun();
    const res = await post<{ run_info: RunInfo }>("/runs/update", { run_id: run.info.run_id, status: "FINISHED", end_time: 1732703600000, run_name: "renamed" });
    expect(res.status).toBe(200);
    expect(res.body.run_info).toMatchObject({ run_id: run.info.run_id, status: "FINISHED", end_time: 1732703600000, run_name: "renamed", user_id: "Ada" });
    const labbook = await t.request<LabbookRun>(`/api/v1/runs/${run.info.run_id}`, { key: editor.key });
    expect(labbook.body).toMatchObject({ status: "finished", name: "renamed", endedAt: "2024-11-27T10:33:20.000Z" });
    for (const [status, stored] of [["KILLED", "killed"], ["FAILED", "failed"], ["SCHEDULED", "running"], ["RUNNING", "running"]]) {
      expect((await post<{ run_info: RunInfo }>("/runs/update", { run_id: run.info.run_id, status })).body.run_info.status).toBe(status === "SCHEDULED" ? "RUNNING" : status);
      expect((await t.request<LabbookRun>(`/api/v1/runs/${run.info.run_id}`, { key: editor.key })).body.status).toBe(stored);
    }
    const bad = await post("/runs/update", { run_id: run.info.run_id, status: "DONE" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining(`Invalid value "DONE" for parameter 'status'`) });
  });

  it("sets and deletes tags; mlflow.runName renames and mlflow.note.content writes the notes", async () => {
    const run = await createRun({ run_name: "tagged" });
    const id = run.info.run_id;
    expect((await post("/runs/set-tag", { run_id: id, key: "team", value: "vision" })).body).toEqual({});
    await post("/runs/set-tag", { run_id: id, key: "team", value: "nlp" });
    await post("/runs/set-tag", { run_uuid: id, key: "mlflow.runName", value: "retagged" });
    await post("/runs/set-tag", { run_id: id, key: "mlflow.note.content", value: "baseline for the sweep" });
    await t.request(`/api/v1/runs/${id}/tags`, { method: "PUT", key: editor.key, body: { tags: ["baseline"] } });
    const got = (await get<{ run: Run }>("/runs/get", { run_id: id })).body.run;
    expect(got.info.run_name).toBe("retagged");
    expect(tagsOf(got)).toEqual({ team: "nlp", "mlflow.runName": "retagged", "mlflow.note.content": "baseline for the sweep", baseline: "" });
    const labbook = await t.request<LabbookRun>(`/api/v1/runs/${id}`, { key: editor.key });
    expect(labbook.body).toMatchObject({ name: "retagged", notes: "baseline for the sweep", tags: ["baseline"], mlflowTags: { team: "nlp" } });

    for (const key of ["team", "baseline", "mlflow.note.content"]) expect((await post("/runs/delete-tag", { run_id: id, key })).status).toBe(200);
    expect(tagsOf((await get<{ run: Run }>("/runs/get", { run_id: id })).body.run)).toEqual({ "mlflow.runName": "retagged" });
    const missing = await post("/runs/delete-tag", { run_id: id, key: "team" });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `No tag with name: team in run with id ${id}` });
  });

  it("keeps params write-once: the same value again is fine, a new value is refused with MLflow's message", async () => {
    const run = await createRun();
    const id = run.info.run_id;
    expect((await post("/runs/log-parameter", { run_id: id, key: "lr", value: "0.01" })).body).toEqual({});
    expect((await post("/runs/log-parameter", { run_id: id, key: "lr", value: "0.01" })).status).toBe(200);
    const changed = await post("/runs/log-parameter", { run_id: id, key: "lr", value: "0.02" });
    expect(changed.status).toBe(400);
    expect(changed.body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: `Changing param values is not allowed. Params were already logged='[{'key': 'lr', 'old_value': '0.01', 'new_value': '0.02'}]' for run ID='${id}'.`,
    });
    const labbook = await t.request<LabbookRun>(`/api/v1/runs/${id}`, { key: editor.key });
    expect(labbook.body.params).toEqual({ lr: "0.01" });
    expect((await get<{ run: Run }>("/runs/get", { run_id: id })).body.run.data.params).toEqual([{ key: "lr", value: "0.01" }]);
  });

  it("shows params logged through Labbook's API as MLflow strings, nested ones with dotted keys", async () => {
    const run = await createRun();
    await t.request(`/api/v1/runs/${run.info.run_id}/params`, { key: editor.key, body: { params: { epochs: 3, model: { depth: 4, name: "resnet" } } } });
    const got = (await get<{ run: Run }>("/runs/get", { run_id: run.info.run_id })).body.run;
    expect(got.data.params).toEqual([
      { key: "epochs", value: "3" },
      { key: "model.depth", value: "4" },
      { key: "model.name", value: "resnet" },
    ]);
    expect((await post("/runs/log-parameter", { run_id: run.info.run_id, key: "epochs", value: "3" })).status).toBe(200);
  });

  it("soft-deletes and restores runs: hidden from Labbook until restored, read-only while deleted", async () => {
    const run = await createRun({ run_name: "doomed" });
    const id = run.info.run_id;
    expect((await post("/runs/delete", { run_id: id })).body).toEqual({});
    expect((await get<{ run: Run }>("/runs/get", { run_id: id })).body.run.info.lifecycle_stage).toBe("deleted");
    expect((await t.request(`/api/v1/runs/${id}`, { key: editor.key })).status).toBe(404);
    const listed = await t.request<{ runs: { id: string }[] }>("/api/v1/projects/lab/mnist/runs?limit=1000", { key: editor.key });
    expect(listed.body.runs.map((r) => r.id)).not.toContain(id);
    const write = await post("/runs/log-metric", { run_id: id, key: "loss", value: 1, timestamp: 1 });
    expect(write.status).toBe(400);
    expect(write.body).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: `The run ${id} must be in the 'active' state. Current state is deleted.` });

    expect((await post("/runs/restore", { run_id: id })).body).toEqual({});
    expect((await get<{ run: Run }>("/runs/get", { run_id: id })).body.run.info.lifecycle_stage).toBe("active");
    expect((await t.request(`/api/v1/runs/${id}`, { key: editor.key })).status).toBe(200);
  });

  describe("search", () => {
    let experiment: string;
    const names: Record<string, string> = {};
    beforeAll(async () => {
      experiment = (await post<{ experiment_id: string }>("/experiments/create", { name: "search-space" })).body.experiment_id;
      for (const [name, rmse, lr, status, team] of [
        ["r1", 0.5, "0.01", "FINISHED", "vision"],
        ["r2", 1.5, "0.01", "FINISHED", "nlp"],
        ["r3", 0.8, "0.1", "FAILED", "vision"],
        ["r4", null, "0.01", "RUNNING", "vision"],
      ] as const) {
        const run = (await post<{ run: Run }>("/runs/create", { experiment_id: experiment, run_name: name, start_time: 1732700000000 + Number(name[1]) * 1000 })).body.run;
        names[run.info.run_id] = name;
        await post("/runs/log-batch", {
          run_id: run.info.run_id,
          metrics: rmse === null ? [] : [{ key: "rmse", value: rmse, timestamp: 1732700001234, step: 1 }],
          params: [{ key: "lr", value: lr }],
          tags: [{ key: "team", value: team }],
        });
        if (status !== "RUNNING") await post("/runs/update", { run_id: run.info.run_id, status });
      }
    });
    const search = async (body: Record<string, unknown>, key = viewer.key) => {
      const res = await post<{ runs?: Run[]; next_page_token?: string }>("/runs/search", { experiment_ids: [experiment], ...body }, key);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return { names: (res.body.runs ?? []).map((r) => names[r.info.run_id]), body: res.body };
    };

    it.each<[string, Record<string, unknown>, string[]]>([
      ["newest first by default", {}, ["r4", "r3", "r2", "r1"]],
      ["metrics.rmse < 1", { filter: "metrics.rmse < 1" }, ["r3", "r1"]],
      ["params.lr = '0.01'", { filter: "params.lr = '0.01'" }, ["r4", "r2", "r1"]],
      ["tags.team = 'vision'", { filter: "tags.team = 'vision'" }, ["r4", "r3", "r1"]],
      ["attributes.status = 'FINISHED'", { filter: "attributes.status = 'FINISHED'" }, ["r2", "r1"]],
      ["conditions joined by and", { filter: "metrics.rmse < 1 and params.lr = '0.01' and tags.team = 'vision'" }, ["r1"]],
      ["the documented example", { filter: "metrics.rmse < 1 and params.lr = '0.1'", run_view_type: "ACTIVE_ONLY", max_results: 100, order_by: ["metrics.rmse ASC"] }, ["r3"]],
      ["tags.mlflow.runName LIKE", { filter: "tags.mlflow.runName LIKE 'r%' and attributes.run_name != 'r2'" }, ["r4", "r3", "r1"]],
      ["metrics ascending, runs without the metric last", { order_by: ["metrics.rmse ASC"] }, ["r1", "r3", "r2", "r4"]],
      ["metrics descending, runs without the metric still last", { order_by: ["metrics.rmse DESC"] }, ["r2", "r3", "r1", "r4"]],
      ["by param then name", { order_by: ["params.lr DESC", "attributes.run_name ASC"] }, ["r3", "r1", "r2", "r4"]],
      ["start_time ascending", { order_by: ["start_time ASC"] }, ["r1", "r2", "r3", "r4"]],
    ])("%s", async (_name, body, expected) => {
      expect((await search(body)).names).toEqual(expected);
    });

    it("pages with max_results and page_token", async () => {
      const first = await search({ max_results: 3, order_by: ["start_time ASC"] });
      expect(first.names).toEqual(["r1", "r2", "r3"]);
      expect(first.body.next_page_token).toEqual(expect.any(String));
      const second = await search({ max_results: 3, order_by: ["start_time ASC"], page_token: first.body.next_page_token });
      expect(second.names).toEqual(["r4"]);
      expect(second.body.next_page_token).toBeUndefined();
    });

    it("honours run_view_type for deleted runs", async () => {
      const [r2] = Object.entries(names).find(([, n]) => n === "r2") ?? [];
      await post("/runs/delete", { run_id: r2 });
      expect((await search({})).names).toEqual(["r4", "r3", "r1"]);
      expect((await search({ run_view_type: "DELETED_ONLY" })).names).toEqual(["r2"]);
      expect((await search({ run_view_type: "ALL" })).names).toEqual(["r4", "r3", "r2", "r1"]);
      await post("/runs/restore", { run_id: r2 });
    });

    it("accepts GET with repeated query parameters", async () => {
      const query = new URLSearchParams([["experiment_ids", experiment], ["filter", "tags.team = 'nlp'"], ["order_by", "metrics.rmse ASC"], ["max_results", "10"]]);
      const res = await t.request<{ runs: Run[] }>(`/api/2.0/mlflow/runs/search?${query.toString()}`, { key: viewer.key });
      expect(res.status).toBe(200);
      expect(res.body.runs.map((r) => names[r.info.run_id])).toEqual(["r2"]);
    });

    it("returns {} for experiments the caller cannot read", async () => {
      expect((await search({}, outsider.key)).body).toEqual({});
    });

    it.each<[string, string]>([
      ["metrics.rmse < 1 or metrics.rmse > 2", "Unsupported filter syntax: OR"],
      ["params.lr = 0.01", "Expected a quoted string value for parameter"],
      ["colour = 'red'", "Invalid attribute key 'colour' specified"],
    ])("refuses the filter %j with INVALID_PARAMETER_VALUE", async (filter, message) => {
      const res = await post("/runs/search", { experiment_ids: [experiment], filter });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error_code: "INVALID_PARAMETER_VALUE", message: expect.stringContaining(message) });
    });

    it("refuses a bad order_by and page size", async () => {
      expect((await post("/runs/search", { experiment_ids: [experiment], order_by: ["metrics.rmse sideways"] })).body).toEqual({
        error_code: "INVALID_PARAMETER_VALUE",
        message: "Invalid ordering key in order_by clause 'metrics.rmse sideways'.",
      });
      expect((await post("/runs/search", { experiment_ids: [experiment], max_results: 50001 })).status).toBe(400);
    });
  });

  describe("access", () => {
    it("refuses writes from a viewer with PERMISSION_DENIED (403)", async () => {
      const run = await createRun();
      for (const [path, body] of [
        ["/runs/create", { experiment_id: experimentId }],
        ["/runs/log-metric", { run_id: run.info.run_id, key: "loss", value: 1, timestamp: 1 }],
        ["/runs/log-parameter", { run_id: run.info.run_id, key: "lr", value: "1" }],
        ["/runs/set-tag", { run_id: run.info.run_id, key: "k", value: "v" }],
        ["/runs/log-batch", { run_id: run.info.run_id, metrics: [] }],
        ["/runs/update", { run_id: run.info.run_id, status: "FINISHED" }],
        ["/runs/delete", { run_id: run.info.run_id }],
      ] as const) {
        const res = await post(path, body, viewer.key);
        expect(res.status, path).toBe(403);
        expect(res.body, path).toEqual({ error_code: "PERMISSION_DENIED", message: expect.stringContaining("editor role") });
      }
      expect((await get("/runs/get", { run_id: run.info.run_id }, viewer.key)).status).toBe(200);
    });

    it("answers RESOURCE_DOES_NOT_EXIST (404) for another workspace's run and for unknown ids", async () => {
      const theirs = (await post<{ run: Run }>("/runs/create", { experiment_id: "0" }, outsider.key)).body.run;
      for (const id of [theirs.info.run_id, "0123456789abcdef0123456789abcdef", "not-a-run"]) {
        const res = await get("/runs/get", { run_id: id });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `Run with id=${id} not found` });
      }
      expect((await post("/runs/log-metric", { run_id: theirs.info.run_id, key: "x", value: 1, timestamp: 1 })).status).toBe(404);
    });

    it("answers UNAUTHENTICATED (401) without a key, with a wrong key and with a revoked key", async () => {
      const db = t.server.services.database.db;
      const { apiKey, key } = await createApiKey(db, { userId: editor.user.id, name: "soon revoked" });
      expect((await get("/experiments/get", { experiment_id: experimentId }, key)).status).toBe(200);
      await revokeApiKey(db, { userId: editor.user.id, apiKeyId: apiKey.id });
      for (const res of [
        await t.request(`/api/2.0/mlflow/experiments/get?experiment_id=${experimentId}`),
        await get("/experiments/get", { experiment_id: experimentId }, "lbk_wrong"),
        await get("/experiments/get", { experiment_id: experimentId }, key),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error_code: "UNAUTHENTICATED", message: expect.any(String) });
      }
    });

    it("accepts the API key as an HTTP Basic password (MLFLOW_TRACKING_USERNAME/PASSWORD)", async () => {
      const basic = Buffer.from(`anyone:${editor.key}`).toString("base64");
      const res = await t.request(`/api/2.0/mlflow/experiments/get?experiment_id=${experimentId}`, { headers: { authorization: `Basic ${basic}` } });
      expect(res.status).toBe(200);
    });
  });

  it("answers ENDPOINT_NOT_FOUND for endpoints Labbook does not serve, NOT_IMPLEMENTED for artifacts", async () => {
    const unknown = await post("/registered-models/create", { name: "m" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error_code: "ENDPOINT_NOT_FOUND", message: expect.stringContaining("/api/2.0/mlflow/registered-models/create") });
    const artifacts = await t.request("/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/model.pkl", { method: "PUT", key: editor.key, body: "bytes" });
    expect(artifacts.status).toBe(501);
    expect(artifacts.body).toMatchObject({ error_code: "NOT_IMPLEMENTED" });
  });
});
