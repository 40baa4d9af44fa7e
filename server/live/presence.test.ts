import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WatchersEvent } from "@/lib/protocol/live";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, eventually, subscribe, unsubscribe, type TestSocket } from "./live-test-client";

describe("live presence (watchers)", () => {
  let t: TestServer;
  let ada: KeyUser;
  let grace: KeyUser;
  let project: string;
  const sockets: TestSocket[] = [];
  const connect = async (user: KeyUser) => {
    const socket = await connectLive(t, { token: user.key });
    sockets.push(socket);
    return socket;
  };
  const startRun = async () => (await t.request<{ id: string }>("/api/v1/runs", { key: ada.key, body: { project } })).body.id;
  /** The latest watchers list per run a socket has heard. */
  const watchersHeard = (socket: TestSocket) => {
    const latest = new Map<string, string[]>();
    socket.on("watchers", (e: WatchersEvent) => latest.set(e.runId, e.users.map((u) => u.name)));
    return latest;
  };

  beforeAll(async () => {
    t = await startTestServer();
    const lab = await createOwnedWorkspace(t);
    ada = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "editor", name: "Ada" });
    grace = await createKeyUser(t, { workspaceId: lab.workspace.id, role: "viewer", name: "Grace" });
    project = `${lab.workspace.slug}/presence`;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("updates the list as a second user joins and leaves, by unsubscribing or disconnecting", async () => {
    const runId = await startRun();
    const first = await connect(ada);
    const seen = watchersHeard(first);
    expect(await subscribe(first, { runId })).toEqual({ ok: true });
    await eventually(() => seen.get(runId)?.join() === "Ada");

    const second = await connect(grace);
    const seenBySecond = watchersHeard(second);
    expect(await subscribe(second, { runId })).toEqual({ ok: true });
    await eventually(() => seen.get(runId)?.join() === "Ada,Grace");
    await eventually(() => seenBySecond.get(runId)?.join() === "Ada,Grace");

    expect(await unsubscribe(second, { runId })).toEqual({ ok: true });
    await eventually(() => seen.get(runId)?.join() === "Ada");

    expect(await subscribe(second, { runId })).toEqual({ ok: true });
    await eventually(() => seen.get(runId)?.join() === "Ada,Grace");
    second.close();
    await eventually(() => seen.get(runId)?.join() === "Ada");
  });

  it("lists a user once however many tabs they have open, and tells each newcomer the list", async () => {
    const runId = await startRun();
    const tabs = [await connect(grace), await connect(grace)];
    const lists = tabs.map(watchersHeard);
    for (const tab of tabs) expect(await subscribe(tab, { runId })).toEqual({ ok: true });
    await eventually(() => lists.every((l) => l.get(runId)?.join() === "Grace"));
    const events: WatchersEvent[] = [];
    tabs[0]?.on("watchers", (e) => events.push(e));
    // closing one of two tabs changes nothing
    tabs[1]?.close();
    const third = await connect(ada);
    const seenByThird = watchersHeard(third);
    expect(await subscribe(third, { runId })).toEqual({ ok: true });
    await eventually(() => seenByThird.get(runId)?.join() === "Ada,Grace");
    await eventually(() => events.length === 1);
    expect(events[0]?.users).toEqual([
      { id: ada.user.id, name: "Ada", image: null },
      { id: grace.user.id, name: "Grace", image: null },
    ]);
  });

  it("keeps the watchers of each run of a compare page apart", async () => {
    const [a, b] = [await startRun(), await startRun()];
    const comparing = await connect(ada);
    const seen = watchersHeard(comparing);
    for (const runId of [a, b]) expect(await subscribe(comparing, { runId })).toEqual({ ok: true });
    const onOne = await connect(grace);
    expect(await subscribe(onOne, { runId: b })).toEqual({ ok: true });
    await eventually(() => seen.get(a)?.join() === "Ada" && seen.get(b)?.join() === "Ada,Grace");
  });
});
