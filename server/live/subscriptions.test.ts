import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOwnedWorkspace, createKeyUser, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, eventually, recordPoints, subscribe, unsubscribe, type TestSocket } from "./live-test-client";

describe("live subscriptions", () => {
  let t: TestServer;
  let owner: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  let runId: string;
  let otherRunId: string;
  const sockets: TestSocket[] = [];
  const connect = async (key: string) => {
    const socket = await connectLive(t, { token: key });
    sockets.push(socket);
    return socket;
  };
  const log = (id: string, key: string, steps: number[]) =>
    t.request(`/api/v1/runs/${id}/metrics`, { key: owner.key, body: { points: steps.map((step) => ({ key, step, value: step })) } });

  beforeAll(async () => {
    t = await startTestServer();
    const lab = await createOwnedWorkspace(t);
    owner = lab.owner;
    viewer = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "viewer" });
    const other = await createOwnedWorkspace(t);
    outsider = other.owner;
    runId = (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project: `${lab.workspace.slug}/subs` } })).body.id;
    otherRunId = (await t.request<{ id: string }>("/api/v1/runs", { key: outsider.key, body: { project: `${other.workspace.slug}/theirs` } })).body.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("lets a viewer subscribe and refuses a member of another workspace, who learns nothing", async () => {
    expect(await subscribe(await connect(viewer.key), { runId })).toEqual({ ok: true });
    const stranger = await connect(outsider.key);
    const refused = await subscribe(stranger, { runId });
    expect(refused).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    // the same answer as for a run that does not exist
    const missing = randomUUID();
    expect(await subscribe(stranger, { runId: missing })).toEqual({ error: { code: "not_found", message: (refused as { error: { message: string } }).error.message.replace(runId, missing) } });
    // the outsider hears nothing of the run
    const heard = recordPoints(stranger);
    expect(await subscribe(stranger, { runId: otherRunId })).toEqual({ ok: true });
    await log(runId, "loss", [0, 1]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...heard.keys()]).toEqual([]);
  });

  it.each([
    ["not an object", "run please"],
    ["null", null],
    ["a bad uuid", { runId: "not-a-uuid" }],
    ["2000 keys", { runId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", keys: Array.from({ length: 2000 }, (_, i) => `k${i}`) }],
    ["a bad key", { runId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", keys: [""] }],
  ])("answers a subscribe with %s with an invalid_input error and stays up", async (_label, payload) => {
    const socket = await connect(viewer.key);
    expect(await subscribe(socket, payload)).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("Invalid payload") } });
    expect(socket.connected).toBe(true);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    expect((await t.request("/api/v1/health")).status).toBe(200);
  });

  it.each([
    ["not an object", "run please"],
    ["a bad uuid", { runId: "7c9e6679" }],
  ])("answers an unsubscribe with %s with an invalid_input error", async (_label, payload) => {
    const socket = await connect(viewer.key);
    expect(await unsubscribe(socket, payload)).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("Invalid payload") } });
    expect(socket.connected).toBe(true);
  });

  it("survives events without an acknowledgement callback and unknown events", async () => {
    const socket = await connect(viewer.key);
    const raw = socket as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit("subscribe", { runId });
    raw.emit("subscribe", 42);
    raw.emit("unsubscribe");
    raw.emit("explode", { now: true });
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
  });

  it("stops delivering after unsubscribe", async () => {
    const socket = await connect(viewer.key);
    const heard = recordPoints(socket);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    await log(runId, "acc", [0, 1]);
    await eventually(() => heard.get(`${runId}/acc`)?.steps.length === 2);
    expect(await unsubscribe(socket, { runId })).toEqual({ ok: true });
    await log(runId, "acc", [2, 3]);
    // a second subscriber proves the points went out
    const witness = await connect(viewer.key);
    const witnessed = recordPoints(witness);
    expect(await subscribe(witness, { runId })).toEqual({ ok: true });
    await log(runId, "acc", [4]);
    await eventually(() => witnessed.get(`${runId}/acc`)?.steps.includes(4) ?? false);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(heard.get(`${runId}/acc`)?.steps).toEqual([0, 1]);
  });

  it("sends only the listed keys, and changes them on a new subscribe", async () => {
    const socket = await connect(viewer.key);
    const heard = recordPoints(socket);
    expect(await subscribe(socket, { runId, keys: ["only/this"] })).toEqual({ ok: true });
    await t.request(`/api/v1/runs/${runId}/metrics`, {
      key: owner.key,
      body: { points: [{ key: "only/this", step: 0, value: 1 }, { key: "not/that", step: 0, value: 2 }] },
    });
    await eventually(() => heard.has(`${runId}/only/this`));
    expect(await subscribe(socket, { runId, keys: ["not/that"] })).toEqual({ ok: true });
    await t.request(`/api/v1/runs/${runId}/metrics`, {
      key: owner.key,
      body: { points: [{ key: "only/this", step: 1, value: 1 }, { key: "not/that", step: 1, value: 2 }] },
    });
    await eventually(() => heard.has(`${runId}/not/that`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(Object.fromEntries([...heard].map(([k, v]) => [k.slice(runId.length + 1), v.steps]))).toEqual({ "only/this": [0], "not/that": [1] });
  });
});
