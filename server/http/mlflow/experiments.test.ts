import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type ApiResponse, type TestServer, type TestUser } from "@/tests/support/server";

type Experiment = {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  last_update_time: number;
  creation_time: number;
  tags?: { key: string; value: string }[];
};
type Project = { id: string; slug: string; name: string; path: string };

describe("MLflow experiments API", () => {
  let t: TestServer;
  let owner: TestUser;
  let editor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;

  const post = <T = Record<string, unknown>>(path: string, body: unknown, key = editor.key): Promise<ApiResponse<T>> =>
    t.request<T>(`/api/2.0/mlflow${path}`, { method: "POST", body, key });
  const get = <T = Record<string, unknown>>(path: string, query: Record<string, string>, key = editor.key): Promise<ApiResponse<T>> =>
    t.request<T>(`/api/2.0/mlflow${path}?${new URLSearchParams(query).toString()}`, { key });
  const create = async (name: string, key = editor.key, tags?: { key: string; value: string }[]) => {
    const res = await post<{ experiment_id: string }>("/experiments/create", { name, ...(tags && { tags }) }, key);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.experiment_id;
  };
  const experiment = async (id: string, key = editor.key) => (await get<{ experiment: Experiment }>("/experiments/get", { experiment_id: id }, key)).body.experiment;

  beforeAll(async () => {
    t = await startTestServer();
    const db = t.server.services.database.db;
    owner = await t.createUser();
    const ws = await createWorkspace(db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    editor = await t.createUser({ workspaceId: ws.id, role: "editor" });
    viewer = await t.createUser({ workspaceId: ws.id, role: "viewer" });
    outsider = await t.createUser();
    await createWorkspace(db, { slug: "elsewhere", name: "Elsewhere", ownerId: outsider.user.id });
  });
  afterAll(async () => t?.close());

  it("creates an experiment as a project of the caller's workspace and gets it by id and by name", async () => {
    const before = Date.now();
    const id = await create("Image Classification", editor.key, [{ key: "team", value: "vision" }]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await experiment(id, viewer.key);
    expect(got).toEqual({
      experiment_id: id,
      name: "Image Classification",
      artifact_location: `mlflow-artifacts:/${id}`,
      lifecycle_stage: "active",
      creation_time: expect.any(Number),
      last_update_time: expect.any(Number),
      tags: [{ key: "team", value: "vision" }],
    });
    expect(got.creation_time).toBeGreaterThanOrEqual(before - 1000);
    const byName = await get<{ experiment: Experiment }>("/experiments/get-by-name", { experiment_name: "Image Classification" }, viewer.key);
    expect(byName.body.experiment).toEqual(got);

    const project = await t.request<Project>("/api/v1/projects/lab/image-classification", { key: viewer.key });
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({ id, slug: "image-classification", name: "Image Classification" });
  });

  it("refuses a name already taken with RESOURCE_ALREADY_EXISTS (400), and finds projects by slug too", async () => {
    await create("dup");
    const again = await post("/experiments/create", { name: "dup" });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error_code: "RESOURCE_ALREADY_EXISTS", message: "Experiment(name=dup) already exists." });
    await t.request("/api/v1/workspaces/lab/projects", { key: editor.key, body: { slug: "made-in-labbook", name: "Made in Labbook" } });
    expect((await get<{ experiment: Experiment }>("/experiments/get-by-name", { experiment_name: "made-in-labbook" })).body.experiment.name).toBe("Made in Labbook");
    expect((await post("/experiments/create", { name: "made-in-labbook" })).body).toMatchObject({ error_code: "RESOURCE_ALREADY_EXISTS" });
    const other = await create("Made In Labbook!");
    expect((await experiment(other)).name).toBe("Made In Labbook!");
    expect((await t.request<Project>("/api/v1/projects/lab/made-in-labbook-2", { key: editor.key })).body).toMatchObject({ id: other, name: "Made In Labbook!" });
  });

  it("addresses other workspaces as <workspace>/<name>", async () => {
    const db = t.server.services.database.db;
    await createWorkspace(db, { slug: "second", name: "Second", ownerId: owner.user.id });
    const id = await create("second/cifar", owner.key);
    expect((await experiment(id, owner.key)).name).toBe("second/cifar");
    expect((await get<{ experiment: Experiment }>("/experiments/get-by-name", { experiment_name: "second/cifar" }, owner.key)).body.experiment.experiment_id).toBe(id);
    expect((await t.request<Project>("/api/v1/projects/second/cifar", { key: owner.key })).body.id).toBe(id);
    const inLab = await create("lab/qualified", owner.key);
    expect((await experiment(inLab, owner.key)).name).toBe("qualified");
  });

  it("answers get-by-name for an unknown name with RESOURCE_DOES_NOT_EXIST (404)", async () => {
    const res = await get("/experiments/get-by-name", { experiment_name: "nope" });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: "Could not find experiment with name 'nope'" });
  });

  it("validates names and required fields with MLflow's messages", async () => {
    expect((await post("/experiments/create", {})).body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Missing value for required parameter 'name'. See the API docs for more information about request parameters.",
    });
    expect((await post("/experiments/create", { name: "x".repeat(501) })).body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Experiment name exceeds the maximum length of 500 characters",
    });
    expect((await post("/experiments/create", { name: 42 })).body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Invalid value 42 for parameter 'name' supplied: Hint: Value was of type 'int'. See the API docs for more information about request parameters.",
    });
    expect((await get("/experiments/get", { experiment_id: "12345" })).body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: "No Experiment with id=12345 exists" });
  });

  it("renames an experiment (experiments/update); the project keeps its slug", async () => {
    const id = await create("before rename");
    expect((await post("/experiments/update", { experiment_id: id, new_name: "after rename" })).body).toEqual({});
    expect((await experiment(id)).name).toBe("after rename");
    expect((await t.request<Project>("/api/v1/projects/lab/before-rename", { key: editor.key })).body.name).toBe("after rename");
    await create("taken name");
    expect((await post("/experiments/update", { experiment_id: id, new_name: "taken name" })).body).toMatchObject({ error_code: "RESOURCE_ALREADY_EXISTS" });
  });

  it("sets and deletes experiment tags", async () => {
    const id = await create("tagged experiment");
    expect((await post("/experiments/set-experiment-tag", { experiment_id: id, key: "owner", value: "ada" })).body).toEqual({});
    expect((await experiment(id)).tags).toEqual([{ key: "owner", value: "ada" }]);
    expect((await post("/experiments/delete-experiment-tag", { experiment_id: id, key: "owner" })).body).toEqual({});
    expect((await experiment(id)).tags).toBeUndefined();
    expect((await post("/experiments/delete-experiment-tag", { experiment_id: id, key: "owner" })).status).toBe(404);
  });

  it("soft-deletes an experiment with its runs, hidden from Labbook, and restores both", async () => {
    const id = await create("to delete");
    const runId = (await post<{ run: { info: { run_id: string } } }>("/runs/create", { experiment_id: id })).body.run.info.run_id;
    const gone = (await post<{ run: { info: { run_id: string } } }>("/runs/create", { experiment_id: id })).body.run.info.run_id;
    await post("/runs/delete", { run_id: gone });

    expect((await post("/experiments/delete", { experiment_id: id })).body).toEqual({});
    expect((await experiment(id)).lifecycle_stage).toBe("deleted");
    expect((await get<{ experiment: Experiment }>("/experiments/get-by-name", { experiment_name: "to delete" })).body.experiment.lifecycle_stage).toBe("deleted");
    const run = await get<{ run: { info: { lifecycle_stage: string } } }>("/runs/get", { run_id: runId });
    expect(run.body.run.info.lifecycle_stage).toBe("deleted");
    expect((await t.request("/api/v1/projects/lab/to-delete", { key: editor.key })).status).toBe(404);
    expect((await t.request(`/api/v1/runs/${runId}`, { key: editor.key })).status).toBe(404);
    const listed = await t.request<{ projects: Project[] }>("/api/v1/workspaces/lab/projects", { key: editor.key });
    expect(listed.body.projects.map((p) => p.id)).not.toContain(id);
    expect((await post("/runs/create", { experiment_id: id })).body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: `The experiment ${id} must be in the 'active' state. Current state is deleted.`,
    });
    expect((await t.request("/api/v1/runs", { key: editor.key, body: { project: "lab/to-delete" } })).status).toBe(409);
    expect((await post("/experiments/create", { name: "to delete" })).body).toMatchObject({ error_code: "RESOURCE_ALREADY_EXISTS" });
    expect((await post("/experiments/delete", { experiment_id: id })).status).toBe(404);

    expect((await post("/experiments/restore", { experiment_id: id })).body).toEqual({});
    expect((await experiment(id)).lifecycle_stage).toBe("active");
    expect((await t.request(`/api/v1/runs/${runId}`, { key: editor.key })).status).toBe(200);
    expect((await t.request(`/api/v1/runs/${gone}`, { key: editor.key })).status).toBe(404);
    expect((await post("/experiments/restore", { experiment_id: id })).status).toBe(404);
  });

  it("searches experiments: filter, order_by, view_type, pages", async () => {
    for (const name of ["search-a", "search-b", "search-c"]) await create(name, editor.key, [{ key: "kind", value: name === "search-b" ? "odd" : "even" }]);
    const search = async (body: Record<string, unknown>) => {
      const res = await post<{ experiments?: Experiment[]; next_page_token?: string }>("/experiments/search", body, viewer.key);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const names = (body: { experiments?: Experiment[] }) => (body.experiments ?? []).map((e) => e.name);
    expect(names(await search({ filter: "name LIKE 'search-%'", order_by: ["name DESC"] }))).toEqual(["search-c", "search-b", "search-a"]);
    expect(names(await search({ filter: "attribute.name ILIKE 'SEARCH-%' and tags.kind = 'even'", order_by: ["name ASC"] }))).toEqual(["search-a", "search-c"]);
    expect(names(await search({ filter: "name = 'search-b'" }))).toEqual(["search-b"]);
    const first = await search({ filter: "name LIKE 'search-%'", order_by: ["name"], max_results: 2 });
    expect(names(first)).toEqual(["search-a", "search-b"]);
    const second = await search({ filter: "name LIKE 'search-%'", order_by: ["name"], max_results: 2, page_token: first.next_page_token });
    expect(names(second)).toEqual(["search-c"]);
    expect(second.next_page_token).toBeUndefined();

    const doomed = await create("search-deleted");
    await post("/experiments/delete", { experiment_id: doomed });
    expect(names(await search({ filter: "name LIKE 'search-%'", order_by: ["name"] }))).not.toContain("search-deleted");
    expect(names(await search({ filter: "name LIKE 'search-%'", view_type: "DELETED_ONLY" }))).toEqual(["search-deleted"]);
    expect(names(await search({ filter: "name LIKE 'search-%'", view_type: "ALL" }))).toHaveLength(4);

    const viaGet = await get<{ experiments: Experiment[] }>("/experiments/search", { filter: "name = 'search-a'", max_results: "5" }, viewer.key);
    expect(viaGet.body.experiments.map((e) => e.name)).toEqual(["search-a"]);
    expect((await search({ filter: "name = 'nothing-like-this'" }))).toEqual({});
    expect((await post("/experiments/search", { filter: "metrics.x < 1" }, viewer.key)).body).toEqual({
      error_code: "INVALID_PARAMETER_VALUE",
      message: "Invalid entity type 'metrics'. Valid values are ['attribute', 'tag']",
    });
  });

  it("lists experiments of every workspace the caller belongs to, qualified outside the default one", async () => {
    const res = await post<{ experiments: Experiment[] }>("/experiments/search", { filter: "name LIKE 'second/%'" }, owner.key);
    expect(res.body.experiments.map((e) => e.name)).toEqual(["second/cifar"]);
    expect((await post("/experiments/search", { filter: "name LIKE '%cifar%'" }, editor.key)).body).toEqual({});
  });

  it("lets viewers read but not write (PERMISSION_DENIED), and hides other workspaces (RESOURCE_DOES_NOT_EXIST)", async () => {
    const id = await create("guarded");
    expect((await experiment(id, viewer.key)).name).toBe("guarded");
    for (const [path, body] of [
      ["/experiments/create", { name: "viewer-made" }],
      ["/experiments/update", { experiment_id: id, new_name: "x" }],
      ["/experiments/delete", { experiment_id: id }],
      ["/experiments/restore", { experiment_id: id }],
      ["/experiments/set-experiment-tag", { experiment_id: id, key: "k", value: "v" }],
    ] as const) {
      const res = await post(path, body, viewer.key);
      expect(res.status, path).toBe(403);
      expect(res.body, path).toMatchObject({ error_code: "PERMISSION_DENIED" });
    }
    const hidden = await get("/experiments/get", { experiment_id: id }, outsider.key);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `No Experiment with id=${id} exists` });
    expect((await post("/experiments/delete", { experiment_id: id }, outsider.key)).status).toBe(404);
  });

  it("accepts a JSON body on GET, as some MLflow clients send it", async () => {
    const id = await create("get with body");
    const body = JSON.stringify({ experiment_id: id });
    const url = new URL(`${t.url}/api/2.0/mlflow/experiments/get`);
    const res = await new Promise<{ status: number; body: { experiment?: Experiment } }>((resolve, reject) => {
      const req = http.request(
        url,
        { method: "GET", headers: { authorization: `Bearer ${editor.key}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { experiment?: Experiment } }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(res.status).toBe(200);
    expect(res.body.experiment?.name).toBe("get with body");
  });
});
