import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { removeMember } from "@/lib/members/remove-member";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, eventually, nextEvent, recordPoints, subscribe, type TestSocket } from "./live-test-client";

describe("live connections whose access is withdrawn", () => {
  let t: TestServer;
  let owner: KeyUser;
  let workspaceId: string;
  let runId: string;
  const sockets: TestSocket[] = [];
  const connect = async (key: string) => {
    const socket = await connectLive(t, { token: key });
    sockets.push(socket);
    return socket;
  };
  const log = (steps: number[]) => t.request(`/api/v1/runs/${runId}/metrics`, { key: owner.key, body: { points: steps.map((step) => ({ key: "loss", step, value: step })) } });

  beforeAll(async () => {
    t = await startTestServer({ LABBOOK_ACCESS_RECHECK_MS: "200" });
    const lab = await createOwnedWorkspace(t);
    owner = lab.owner;
    workspaceId = lab.workspace.id;
    runId = (await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project: `${lab.workspace.slug}/recheck` } })).body.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it("stop hearing a run once the member is removed from its workspace, and are told to resync", async () => {
    const member = await createKeyUser(t, { workspaceId, role: "viewer" });
    const socket = await connect(member.key);
    const heard = recordPoints(socket);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    await log([0]);
    await eventually(() => heard.get(`${runId}/loss`)?.steps.length === 1);

    const resync = nextEvent(socket, "resync");
    await removeMember(t.server.services.database.db, { workspaceId, userId: member.user.id, actorId: owner.user.id, actorRole: "owner" });
    expect(await resync).toEqual({ runId });
    await log([1, 2]);
    // The owner's socket proves the points went out.
    const witness = await connect(owner.key);
    const witnessed = recordPoints(witness);
    expect(await subscribe(witness, { runId })).toEqual({ ok: true });
    await log([3]);
    await eventually(() => witnessed.get(`${runId}/loss`)?.steps.includes(3) ?? false);
    expect(heard.get(`${runId}/loss`)?.steps).toEqual([0]);
    expect(await subscribe(socket, { runId })).toMatchObject({ error: { code: "not_found" } });
  });

  it("disconnect when their API key is revoked", async () => {
    const member = await createKeyUser(t, { workspaceId, role: "viewer" });
    const socket = await connect(member.key);
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    const [row] = await t.server.services.database.rows<{ id: string }>(sql`select id::text as id from api_keys where user_id = ${member.user.id} limit 1`);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await revokeApiKey(t.server.services.database.db, { userId: member.user.id, apiKeyId: row!.id });
    expect(await disconnected).toBe("io server disconnect");
  });
});
