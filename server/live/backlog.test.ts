import type { Socket as NetSocket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResyncEvent } from "@/lib/protocol/live";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, eventually, recordPoints, subscribe, type TestSocket } from "./live-test-client";

/** The TCP socket under a client's WebSocket, to stop reading from it like a stalled browser. */
function tcpOf(socket: TestSocket): NetSocket {
  const transport = (socket.io as unknown as { engine: { transport: { ws: { _socket: NetSocket } } } }).engine.transport;
  return transport.ws._socket;
}

describe("a subscriber that cannot keep up", () => {
  let t: TestServer;
  let owner: KeyUser;
  let viewer: KeyUser;
  let runId: string;
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    const lab = await createOwnedWorkspace(t);
    owner = lab.owner;
    viewer = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "viewer" });
    runId = (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project: `${lab.workspace.slug}/slow` } })).body.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("is skipped without delaying the others, and told to resync once it reads again", async () => {
    const [fast, slow] = [await connectLive(t, { token: viewer.key }), await connectLive(t, { token: viewer.key })];
    sockets.push(fast, slow);
    const [heardFast, heardSlow] = [recordPoints(fast), recordPoints(slow)];
    const resyncs: ResyncEvent[] = [];
    slow.on("resync", (e) => resyncs.push(e));
    for (const s of [fast, slow]) expect(await subscribe(s, { runId })).toEqual({ ok: true });
    tcpOf(slow).pause();

    const keys = Array.from({ length: 50 }, (_, i) => `layer${i}/grad_norm`);
    // Enough to overflow what the kernel buffers for a reader that stopped reading (about 4 MB
    // on loopback), so the server really sees a stalled connection.
    const batches = 30;
    const perKey = 300;
    for (let b = 0; b < batches; b++) {
      const points = keys.flatMap((key) => Array.from({ length: perKey }, (_, i) => ({ key, step: b * perKey + i, value: Math.random() })));
      expect((await t.request(`/api/v1/runs/${runId}/metrics`, { key: owner.key, body: { points } })).status).toBe(200);
    }
    const total = () => [...heardFast.values()].reduce((n, s) => n + s.steps.length, 0);
    await eventually(() => total() === keys.length * batches * perKey, 20_000).catch((e: unknown) => {
      throw new Error(`fast heard ${total()} of ${keys.length * batches * perKey}; resyncs ${JSON.stringify(resyncs)}; slow heard ${[...heardSlow.values()].reduce((n, s) => n + s.steps.length, 0)}`, { cause: e });
    });
    expect(resyncs).toEqual([]);

    tcpOf(slow).resume();
    await eventually(() => resyncs.length > 0, 20_000).catch((e: unknown) => {
      throw new Error(`no resync; slow heard ${[...heardSlow.values()].reduce((n, s) => n + s.steps.length, 0)}`, { cause: e });
    });
    expect(resyncs).toEqual([{ runId }]);
    const slowTotal = [...heardSlow.values()].reduce((n, s) => n + s.steps.length, 0);
    expect(slowTotal).toBeLessThan(total());
  }, 60_000);
});
