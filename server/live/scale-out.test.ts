import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/env";
import { startServer, type RunningServer } from "@/server/index";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, eventually, recordPoints, subscribe, type TestSocket } from "./live-test-client";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("live server with REDIS_URL", () => {
  let t: TestServer;
  let second: RunningServer | undefined;
  let owner: KeyUser;
  let viewer: KeyUser;
  let runId: string;
  const sockets: TestSocket[] = [];
  const connect = async (server: { url: string }, key: string) => {
    const socket = await connectLive({ url: server.url } as TestServer, { token: key });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestServer({ REDIS_URL });
    const lab = await createOwnedWorkspace(t);
    owner = lab.owner;
    viewer = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "viewer", name: "Viewer" });
    runId = (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project: `${lab.workspace.slug}/scale` } })).body.id;
    // Only Postgres can be shared by two server processes.
    if (t.database.kind === "postgres") {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-second-"));
      const env = loadEnv({ ...process.env, ...t.database.env, LABBOOK_DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", REDIS_URL });
      second = await startServer({ env, ui: false });
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await second?.close();
    await t?.close();
  });

  it("streams points through the Redis bus", async () => {
    const socket = await connect(t, viewer.key);
    const heard = recordPoints(socket);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    await t.request(`/api/v1/runs/${runId}/metrics`, { key: owner.key, body: { points: [0, 1, 2].map((step) => ({ key: "loss", step, value: step })) } });
    await eventually(() => heard.get(`${runId}/loss`)?.steps.length === 3);
    expect(heard.get(`${runId}/loss`)).toEqual({ steps: [0, 1, 2], values: [0, 1, 2] });
  });

  it.runIf(process.env.DATABASE_URL)("reaches subscribers of another server process, and lists watchers across both", async () => {
    const other = second as RunningServer;
    const here = await connect(t, owner.key);
    const there = await connect(other, viewer.key);
    const heard = recordPoints(there);
    const watchers: string[][] = [];
    here.on("watchers", (e) => watchers.push(e.users.map((u) => u.id)));
    expect(await subscribe(here, { runId })).toEqual({ ok: true });
    expect(await subscribe(there, { runId })).toEqual({ ok: true });
    await t.request(`/api/v1/runs/${runId}/metrics`, { key: owner.key, body: { points: [{ key: "acc", step: 0, value: 0.5 }] } });
    await eventually(() => heard.get(`${runId}/acc`)?.steps.length === 1);
    await eventually(() => watchers.at(-1)?.length === 2);
    expect(new Set(watchers.at(-1))).toEqual(new Set([owner.user.id, viewer.user.id]));
  });
});
