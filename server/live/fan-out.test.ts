import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnyCommentEvent, CommentEvent, PointsEvent, RunEvent } from "@/lib/protocol/live";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, eventually, nextEvent, recordPoints, subscribe, type TestSocket } from "./live-test-client";

describe("live fan-out", () => {
  let t: TestServer;
  let owner: KeyUser;
  let viewer: KeyUser;
  let project: string;
  const sockets: TestSocket[] = [];
  const connect = async () => {
    const socket = await connectLive(t, { token: viewer.key });
    sockets.push(socket);
    return socket;
  };
  const startRun = async () => (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project } })).body.id;
  const log = async (runId: string, points: { key: string; step: number; value: number | string }[]) => {
    const res = await t.request(`/api/v1/runs/${runId}/metrics`, { key: owner.key, body: { points } });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestServer();
    const lab = await createOwnedWorkspace(t);
    owner = lab.owner;
    viewer = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "viewer" });
    project = `${lab.workspace.slug}/fan-out`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("gives two subscribers the same points of every key, in order, non-finite values included", async () => {
    const runId = await startRun();
    const [a, b] = [await connect(), await connect()];
    const [heardA, heardB] = [recordPoints(a), recordPoints(b)];
    for (const s of [a, b]) expect(await subscribe(s, { runId })).toEqual({ ok: true });
    for (let batch = 0; batch < 20; batch++) {
      await log(runId, ["loss", "acc", "lr"].flatMap((key) => [0, 1].map((i) => ({ key, step: batch * 2 + i, value: batch === 3 && i === 0 ? "NaN" : batch + i / 10 }))));
    }
    await eventually(() => ["loss", "acc", "lr"].every((k) => heardB.get(`${runId}/${k}`)?.steps.length === 40 && heardA.get(`${runId}/${k}`)?.steps.length === 40));
    const steps = Array.from({ length: 40 }, (_, i) => i);
    for (const key of ["loss", "acc", "lr"]) {
      expect(heardA.get(`${runId}/${key}`)?.steps).toEqual(steps);
      expect(heardB.get(`${runId}/${key}`)).toEqual(heardA.get(`${runId}/${key}`));
      expect(heardA.get(`${runId}/${key}`)?.values[6]).toBe("NaN");
    }
  });

  it("coalesces a burst of commits into one event per key, in commit order", async () => {
    const runId = await startRun();
    const socket = await connect();
    const events: PointsEvent[] = [];
    socket.on("points", (e) => events.push(e));
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    const committedAt = Date.now();
    for (let step = 0; step < 30; step++) {
      for (const key of ["a", "b"]) {
        t.server.services.bus.publish({ type: "points", committedAt, event: { runId, key, steps: [step], values: [step], timestamps: [new Date(committedAt).toISOString()] } });
      }
    }
    await eventually(() => events.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(events.map((e) => [e.key, e.steps])).toEqual([
      ["a", Array.from({ length: 30 }, (_, i) => i)],
      ["b", Array.from({ length: 30 }, (_, i) => i)],
    ]);
  });

  it("does not repeat points that were re-sent", async () => {
    const runId = await startRun();
    const socket = await connect();
    const heard = recordPoints(socket);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    await log(runId, [0, 1, 2].map((step) => ({ key: "loss", step, value: step })));
    await log(runId, [{ key: "loss", step: 1, value: 99 }]);
    await log(runId, [{ key: "loss", step: 3, value: 3 }]);
    await eventually(() => heard.get(`${runId}/loss`)?.steps.includes(3) ?? false);
    expect(heard.get(`${runId}/loss`)).toEqual({ steps: [0, 1, 2, 3], values: [0, 1, 2, 3] });
  });

  it("leaves no gap for a subscriber who joins mid-stream: live points, then history, merged by step", async () => {
    const runId = await startRun();
    let step = 0;
    let streaming = true;
    const writer = (async () => {
      while (streaming) {
        await log(runId, [{ key: "val/loss", step, value: 1 / (step + 1) }, { key: "val/loss", step: step + 1, value: 1 / (step + 2) }]);
        step += 2;
      }
    })();
    await eventually(() => step >= 40);
    // What docs/live.md tells clients: subscribe, buffer live points, load history, merge by step.
    const socket = await connect();
    const live: PointsEvent[] = [];
    socket.on("points", (e) => live.push(e));
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    const history = await t.request<{ steps: number[]; values: unknown[] }>(`/api/v1/runs/${runId}/metrics/val/loss?maxPoints=100000`, { key: viewer.key });
    await eventually(() => step >= history.body.steps.length + 40);
    streaming = false;
    await writer;
    await eventually(() => live.flatMap((e) => e.steps).includes(step - 1));
    const merged = new Map<number, unknown>();
    history.body.steps.forEach((s, i) => merged.set(s, history.body.values[i]));
    for (const e of live) e.steps.forEach((s, i) => merged.has(s) || merged.set(s, e.values[i]));
    expect([...merged.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: step }, (_, i) => i));
    expect(history.body.steps.length).toBeGreaterThan(0);
    expect(live[0]?.steps[0]).toBeGreaterThan(0);
  });

  it("announces a status change made through PATCH, after the run's last points, with summaries", async () => {
    const runId = await startRun();
    const socket = await connect();
    const order: string[] = [];
    socket.on("points", (e) => order.push(`points ${e.steps.join(",")}`));
    socket.on("run", (e) => order.push(`run ${e.status}`));
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    await log(runId, [{ key: "loss", step: 0, value: 0.5 }, { key: "loss", step: 1, value: 0.25 }]);
    const announced = nextEvent(socket, "run");
    expect((await t.request(`/api/v1/runs/${runId}`, { method: "PATCH", key: owner.key, body: { status: "finished" } })).status).toBe(200);
    const event: RunEvent = await announced;
    expect(event).toEqual({
      runId,
      status: "finished",
      summaries: [{ key: "loss", count: 2, min: 0.25, max: 0.5, lastValue: 0.25, lastStep: 1, lastTime: expect.any(String) }],
    });
    expect(order).toEqual(["points 0,1", "run finished"]);
    // a PATCH that changes no status announces nothing
    await t.request(`/api/v1/runs/${runId}`, { method: "PATCH", key: owner.key, body: { notes: "done" } });
    await t.request(`/api/v1/runs/${runId}`, { method: "PATCH", key: owner.key, body: { status: "running" } });
    await eventually(() => order.length === 3);
    expect(order[2]).toBe("run running");
  });

  it("streams MLflow log-metric and log-batch points and an MLflow status update", async () => {
    const runId = await startRun();
    const socket = await connect();
    const heard = recordPoints(socket);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    const mlflow = (path: string, body: unknown) => t.request(`/api/2.0/mlflow${path}`, { key: owner.key, body });
    expect((await mlflow("/runs/log-metric", { run_id: runId, key: "m", value: 1, timestamp: 1000, step: 0 })).status).toBe(200);
    expect((await mlflow("/runs/log-batch", { run_id: runId, metrics: [{ key: "m", value: 2, timestamp: 2000, step: 1 }, { key: "m", value: 9, timestamp: 2000, step: 0 }] })).status).toBe(200);
    await eventually(() => heard.get(`${runId}/m`)?.steps.length === 2);
    expect(heard.get(`${runId}/m`)).toEqual({ steps: [0, 1], values: [1, 2] });
    const announced = nextEvent(socket, "run");
    expect((await mlflow("/runs/update", { run_id: runId, status: "FAILED" })).status).toBe(200);
    expect(await announced).toMatchObject({ runId, status: "failed", summaries: [{ key: "m", count: 2 }] });
  });

  it("relays comments from the bus to the run's subscribers only", async () => {
    const [runId, otherRunId] = [await startRun(), await startRun()];
    const [watcher, elsewhere] = [await connect(), await connect()];
    expect(await subscribe(watcher, { runId })).toEqual({ ok: true });
    expect(await subscribe(elsewhere, { runId: otherRunId })).toEqual({ ok: true });
    const stray: AnyCommentEvent[] = [];
    elsewhere.on("comment", (e) => stray.push(e));
    const event: CommentEvent = {
      runId,
      action: "created",
      comment: {
        id: "0b7c2a52-58e5-4b8e-9d5e-0c1f8e0a6f11",
        runId,
        parentId: null,
        author: { id: owner.user.id, name: "Owner" },
        body: "spike after warm-up",
        anchor: { key: "loss", fromStep: 10, toStep: 20 },
        mentions: [],
        resolvedAt: null,
        resolvedBy: null,
        editedAt: null,
        deleted: false,
        createdAt: new Date().toISOString(),
      },
    };
    const heard = nextEvent(watcher, "comment");
    t.server.services.bus.publish({ type: "comment", event: { ...event, comment: { ...event.comment, body: 42 } } as unknown as CommentEvent });
    t.server.services.bus.publish({ type: "comment", event });
    expect(await heard).toEqual(event);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stray).toEqual([]);
  });
});
