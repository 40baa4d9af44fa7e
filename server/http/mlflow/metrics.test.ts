import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type ApiResponse, type TestServer, type TestUser } from "@/tests/support/server";

type Metric = { key: string; value: number | string; timestamp: number; step: number };
type Run = { info: { run_id: string }; data: { metrics?: Metric[]; params?: { key: string; value: string }[]; tags?: { key: string; value: string }[] } };
type LabbookRun = {
  params: Record<string, unknown>;
  mlflowTags: Record<string, string>;
  metrics: { key: string; count: number; min: unknown; max: unknown; last: { step: number; value: unknown; time: string } | null }[];
};
const MLFLOW_ERROR = "INVALID_PARAMETER_VALUE";
const BODY_LIMIT = 200_000;

describe("MLflow metrics: log-metric, log-batch, get-history", () => {
  let t: TestServer;
  let editor: TestUser;
  let viewer: TestUser;
  let experimentId: string;

  const post = <T = Record<string, unknown>>(path: string, body: unknown, key = editor.key): Promise<ApiResponse<T>> =>
    t.request<T>(`/api/2.0/mlflow${path}`, { method: "POST", body, key });
  const history = (query: Record<string, string>, key = viewer.key) =>
    t.request<{ metrics?: Metric[]; next_page_token?: string }>(`/api/2.0/mlflow/metrics/get-history?${new URLSearchParams(query).toString()}`, { key });
  const newRun = async () => (await post<{ run: Run }>("/runs/create", { experiment_id: experimentId, start_time: 1552550000000 })).body.run.info.run_id;
  const labbookRun = async (id: string) => (await t.request<LabbookRun>(`/api/v1/runs/${id}`, { key: viewer.key })).body;

  beforeAll(async () => {
    t = await startTestServer({ LABBOOK_MAX_BODY_BYTES: String(BODY_LIMIT) });
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    editor = await t.createUser({ workspaceId: ws.id, role: "editor" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    experimentId = (await post<{ experiment_id: string }>("/experiments/create", { name: "metrics" })).body.experiment_id;
  });
  afterAll(async () => t?.close());

  it("logs MLflow's documented log-batch example and Labbook shows every part of it", async () => {
    const runId = await newRun();
    const res = await post("/runs/log-batch", {
      run_id: runId,
      metrics: [
        { key: "mae", value: 2.5, timestamp: 1552550804, step: 0 },
        { key: "rmse", value: 2.7, timestamp: 1552550804, step: 0 },
      ],
      params: [{ key: "model_class", value: "LogisticRegression" }],
      tags: [],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    const run = (await t.request<{ run: Run }>(`/api/2.0/mlflow/runs/get?run_id=${runId}`, { key: viewer.key })).body.run;
    expect(run.data.metrics).toEqual([
      { key: "mae", value: 2.5, timestamp: 1552550804, step: 0 },
      { key: "rmse", value: 2.7, timestamp: 1552550804, step: 0 },
    ]);
    expect(run.data.params).toEqual([{ key: "model_class", value: "LogisticRegression" }]);
    const labbook = await labbookRun(runId);
    expect(labbook.params).toEqual({ model_class: "LogisticRegression" });
    expect(labbook.metrics).toEqual([
      { key: "mae", count: 1, min: 2.5, max: 2.5, last: { step: 0, value: 2.5, time: new Date(1552550804).toISOString() } },
      { key: "rmse", count: 1, min: 2.7, max: 2.7, last: { step: 0, value: 2.7, time: new Date(1552550804).toISOString() } },
    ]);
  });

  it("logs single metrics (log-metric), with step defaulting to 0 and int64s as strings", async () => {
    const runId = await newRun();
    expect((await post("/runs/log-metric", { run_id: runId, key: "loss", value: 0.9, timestamp: 1732700001000 })).body).toEqual({});
    expect((await post("/runs/log-metric", { run_uuid: runId, key: "loss", value: "0.5", timestamp: "1732700002000", step: "1" })).status).toBe(200);
    const res = await history({ run_id: runId, metric_key: "loss" });
    expect(res.body).toEqual({
      metrics: [
        { key: "loss", value: 0.9, timestamp: 1732700001000, step: 0 },
        { key: "loss", value: 0.5, timestamp: 1732700002000, step: 1 },
      ],
    });
  });

  it("accepts a bare NaN, as Python's json.dumps writes it, and non-finite values as strings", async () => {
    const runId = await newRun();
    const raw = `{"run_id": "${runId}", "key": "loss", "value": NaN, "timestamp": 1732700001000, "step": 0}`;
    const bare = await t.request(`/api/2.0/mlflow/runs/log-metric`, { method: "POST", key: editor.key, body: raw });
    expect(bare.status, JSON.stringify(bare.body)).toBe(200);
    const batch = `{"run_id": "${runId}", "metrics": [{"key": "loss", "value": Infinity, "timestamp": 1, "step": 1}, {"key": "loss", "value": -Infinity, "timestamp": 2, "step": 2}, {"key": "NaN", "value": "NaN", "timestamp": 3, "step": 0}]}`;
    expect((await t.request(`/api/2.0/mlflow/runs/log-batch`, { method: "POST", key: editor.key, body: batch })).status).toBe(200);
    expect((await history({ run_id: runId, metric_key: "loss" })).body.metrics?.map((m) => m.value)).toEqual(["NaN", "Infinity", "-Infinity"]);
    expect((await history({ run_id: runId, metric_key: "NaN" })).body.metrics?.map((m) => m.value)).toEqual(["NaN"]);
    const loss = (await labbookRun(runId)).metrics.find((m) => m.key === "loss");
    expect(loss).toMatchObject({ count: 3, min: "-Infinity", max: "Infinity", last: { step: 2, value: "-Infinity" } });
  });

  it("keeps the first value of a step logged twice (documented deviation) and retries write nothing new", async () => {
    const runId = await newRun();
    await post("/runs/log-metric", { run_id: runId, key: "acc", value: 0.1, timestamp: 1000, step: 5 });
    await post("/runs/log-metric", { run_id: runId, key: "acc", value: 0.1, timestamp: 1000, step: 5 });
    await post("/runs/log-metric", { run_id: runId, key: "acc", value: 0.2, timestamp: 2000, step: 5 });
    expect((await history({ run_id: runId, metric_key: "acc" })).body.metrics).toEqual([{ key: "acc", value: 0.1, timestamp: 1000, step: 5 }]);
    expect((await labbookRun(runId)).metrics).toMatchObject([{ key: "acc", count: 1 }]);
  });

  it("pages get-history with max_results and page_token, and answers {} for a metric never logged", async () => {
    const runId = await newRun();
    const metrics = Array.from({ length: 25 }, (_, i) => ({ key: "val/loss", value: 1 / (i + 1), timestamp: 1732700000000 + i, step: i }));
    expect((await post("/runs/log-batch", { run_id: runId, metrics })).status).toBe(200);
    const steps: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await history({ run_id: runId, metric_key: "val/loss", max_results: "10", ...(token && { page_token: token }) });
      expect(res.status).toBe(200);
      steps.push(...(res.body.metrics ?? []).map((m) => m.step));
      token = res.body.next_page_token;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(steps).toEqual(metrics.map((m) => m.step));
    expect((await history({ run_id: runId, metric_key: "val/loss" })).body.metrics).toHaveLength(25);
    expect((await history({ run_id: runId, metric_key: "never" })).body).toEqual({});
    expect((await history({ run_id: runId })).body).toEqual({
      error_code: MLFLOW_ERROR,
      message: "Missing value for required parameter 'metric_key'. See the API docs for more information about request parameters.",
    });
    expect((await history({ run_id: runId, metric_key: "val/loss", page_token: "!!" })).body).toEqual({ error_code: MLFLOW_ERROR, message: "Invalid page token, could not base64-decode" });
  });

  it("reports each run's latest metric value (highest step) in runs/get", async () => {
    const runId = await newRun();
    await post("/runs/log-batch", {
      run_id: runId,
      metrics: [
        { key: "loss", value: 0.3, timestamp: 3000, step: 3 },
        { key: "loss", value: 0.9, timestamp: 1000, step: 1 },
      ],
    });
    const run = (await post<{ run: Run }>("/runs/get", { run_id: runId }, viewer.key)).body.run;
    expect(run.data.metrics).toEqual([{ key: "loss", value: 0.3, timestamp: 3000, step: 3 }]);
  });

  it("logs params and tags in a batch, the last value of a tag key winning", async () => {
    const runId = await newRun();
    const res = await post("/runs/log-batch", {
      run_id: runId,
      params: [
        { key: "lr", value: "0.001" },
        { key: "optimizer", value: "adam" },
      ],
      tags: [
        { key: "stage", value: "warmup" },
        { key: "stage", value: "main" },
      ],
    });
    expect(res.status).toBe(200);
    const labbook = await labbookRun(runId);
    expect(labbook.params).toEqual({ lr: "0.001", optimizer: "adam" });
    expect(labbook.mlflowTags).toEqual({ stage: "main" });
  });

  describe("limits and validation, with MLflow's messages, writing nothing", () => {
    let runId: string;
    beforeAll(async () => {
      runId = await newRun();
    });
    const metric = (i: number) => ({ key: `m${i % 5}`, value: i, timestamp: 1, step: i });
    const kv = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: "v" }));

    it.each<[string, Record<string, unknown>, string]>([
      ["1001 metrics", { metrics: Array.from({ length: 1001 }, (_, i) => metric(i)) }, "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again."],
      ["101 params", { params: kv("p", 101) }, "A batch logging request can contain at most 100 params. Got 101 params. Please split up params across multiple requests and try again."],
      ["101 tags", { tags: kv("t", 101) }, "A batch logging request can contain at most 100 tags. Got 101 tags. Please split up tags across multiple requests and try again."],
      [
        "1001 entities",
        { metrics: Array.from({ length: 901 }, (_, i) => metric(i)), params: kv("p", 100) },
        "A batch logging request can contain at most 1000 metrics, params, and tags. Got 1001 metrics, params, and tags. Please split up metrics, params, and tags across multiple requests and try again.",
      ],
      ["a 300-character metric key", { metrics: [{ key: "k".repeat(300), value: 1, timestamp: 1, step: 0 }] }, `Metric name '${"k".repeat(250)}' had length 300, which exceeded length limit of 250`],
      ["a 300-character param key", { params: [{ key: "k".repeat(300), value: "v" }] }, `Param key '${"k".repeat(250)}' had length 300, which exceeded length limit of 250`],
      ["a 6001-character param value", { params: [{ key: "long", value: "v".repeat(6001) }] }, `Param value '${"v".repeat(250)}' had length 6001, which exceeded length limit of 6000`],
      ["duplicate param keys", { params: [{ key: "a", value: "1" }, { key: "a", value: "2" }] }, "Duplicate parameter keys have been submitted: ['a']. Please ensure the request contains only one param value per param key."],
      ["a metric name with bad characters", { metrics: [{ key: "loss!", value: 1, timestamp: 1 }] }, "Invalid metric name: 'loss!'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/)."],
      ["a metric without timestamp", { metrics: [{ key: "loss", value: 1 }] }, "Missing value for required parameter 'metrics[0].timestamp'. See the API docs for more information about request parameters."],
      ["a metric value that is not a number", { metrics: [{ key: "loss", value: "high", timestamp: 1 }] }, `Invalid value "high" for parameter 'metrics[0].value' supplied: Hint: Value was of type 'str'. See the API docs for more information about request parameters.`],
      ["a negative step", { metrics: [{ key: "loss", value: 1, timestamp: 1, step: -1 }] }, "Labbook stores metric steps from 0 up; got step -1 for metric 'loss'."],
    ])("refuses %s", async (_case, body, message) => {
      const res = await post("/runs/log-batch", { run_id: runId, ...body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error_code: MLFLOW_ERROR, message });
      const labbook = await labbookRun(runId);
      expect(labbook.metrics).toEqual([]);
      expect(labbook.params).toEqual({});
    });

    it("accepts exactly 1000 metrics", async () => {
      const id = await newRun();
      expect((await post("/runs/log-batch", { run_id: id, metrics: Array.from({ length: 1000 }, (_, i) => metric(i)) })).status).toBe(200);
      expect((await labbookRun(id)).metrics.reduce((n, m) => n + m.count, 0)).toBe(1000);
    });

    it("refuses a 300-character key on log-metric and log-parameter too", async () => {
      const metricRes = await post("/runs/log-metric", { run_id: runId, key: "k".repeat(300), value: 1, timestamp: 1 });
      expect(metricRes.status).toBe(400);
      expect(metricRes.body).toMatchObject({ error_code: MLFLOW_ERROR, message: expect.stringContaining("had length 300, which exceeded length limit of 250") });
      const paramRes = await post("/runs/log-parameter", { run_id: runId, key: "k".repeat(300), value: "v" });
      expect(paramRes.status).toBe(400);
    });

    it("refuses a body above LABBOOK_MAX_BODY_BYTES in MLflow's error format", async () => {
      // Its own connection: the server closes a connection whose oversized body it did not read.
      const body = JSON.stringify({ run_id: runId, tags: [{ key: "big", value: "x".repeat(BODY_LIMIT) }] });
      const res = await new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const req = http.request(
          `${t.url}/api/2.0/mlflow/runs/log-batch`,
          { method: "POST", agent: false, headers: { authorization: `Bearer ${editor.key}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
          (response) => {
            let text = "";
            response.on("data", (chunk: Buffer) => (text += chunk.toString()));
            response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
          },
        );
        req.on("error", reject);
        req.end(body);
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error_code: MLFLOW_ERROR, message: `The request body exceeds the limit of ${BODY_LIMIT} bytes.` });
      expect((await labbookRun(runId)).mlflowTags).toEqual({});
    });

    it("refuses malformed JSON with INVALID_PARAMETER_VALUE", async () => {
      const res = await t.request("/api/2.0/mlflow/runs/log-batch", { method: "POST", key: editor.key, body: "{not json" });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error_code: MLFLOW_ERROR, message: expect.stringContaining("Malformed JSON") });
    });
  });

  it("lets viewers read history and refuses their writes", async () => {
    const runId = await newRun();
    expect((await history({ run_id: runId, metric_key: "loss" }, viewer.key)).status).toBe(200);
    const res = await post("/runs/log-metric", { run_id: runId, key: "loss", value: 1, timestamp: 1 }, viewer.key);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error_code: "PERMISSION_DENIED" });
  });
});
