import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/lib/db/schema";
import type { RunEvent } from "@/lib/protocol/live";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, nextEvent, subscribe, type TestSocket } from "./live-test-client";

describe("crashed runs", () => {
  let t: TestServer;
  let owner: KeyUser;
  let viewer: KeyUser;
  let project: string;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    // Runs crash after 10 s of silence; the live server looks every second.
    t = await startTestServer({ LABBOOK_CRASH_AFTER_SECONDS: "10" });
    const lab = await createOwnedWorkspace(t);
    owner = lab.owner;
    viewer = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "viewer" });
    project = `${lab.workspace.slug}/crash`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("tells subscribers when a silent run becomes crashed, and when it comes back", async () => {
    const runId = (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project } })).body.id;
    await t.request(`/api/v1/runs/${runId}/metrics`, { key: owner.key, body: { points: [{ key: "loss", step: 0, value: 1 }] } });
    const socket = await connectLive(t, { token: viewer.key });
    sockets.push(socket);
    const events: RunEvent[] = [];
    socket.on("run", (e) => events.push(e));
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    // let the server see the run running once
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(events).toEqual([]);

    const crashed = nextEvent(socket, "run", 5_000);
    await t.server.services.database.db.update(runs).set({ lastSeenAt: sql`now() - interval '1 hour'` }).where(eq(runs.id, runId));
    expect(await crashed).toMatchObject({ runId, status: "crashed", summaries: [{ key: "loss", count: 1 }] });

    const revived = nextEvent(socket, "run", 5_000);
    expect((await t.request(`/api/v1/runs/${runId}/heartbeat`, { method: "POST", key: owner.key })).status).toBe(204);
    expect(await revived).toMatchObject({ runId, status: "running" });
    expect(events.map((e) => e.status)).toEqual(["crashed", "running"]);
  }, 20_000);
});
