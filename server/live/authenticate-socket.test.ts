import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createOwnedWorkspace } from "@/tests/support/fixtures";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";
import { connectLive, refusal, subscribe } from "./live-test-client";

describe("live connection authentication", () => {
  let t: TestServer;
  let member: TestUser;
  let cookie: string;
  let runId: string;
  beforeAll(async () => {
    t = await startTestServer();
    const { workspace, owner } = await createOwnedWorkspace(t);
    member = await t.createUser({ workspaceId: workspace.id, role: "viewer" });
    cookie = await t.signIn(member.email, member.password);
    const run = await t.request<{ id: string }>("/api/v1/runs", { key: owner.key, body: { project: `${workspace.slug}/auth` } });
    runId = run.body.id;
  });
  afterAll(async () => t?.close());

  it("accepts an API key and a session cookie from this instance's origin", async () => {
    for (const socket of [await connectLive(t, { token: member.key }), await connectLive(t, { cookie, origin: t.url })]) {
      expect(await subscribe(socket, { runId })).toEqual({ ok: true });
      socket.close();
    }
  });

  it("accepts the long-polling transport too, by API key or by a same-origin cookie", async () => {
    const socket = await connectLive(t, { token: member.key, transport: "polling" });
    expect(await subscribe(socket, { runId })).toEqual({ ok: true });
    socket.close();
    // a browser's same-origin GET has no Origin header but says Sec-Fetch-Site: same-origin
    const page = await connectLive(t, { cookie, transport: "polling", headers: { "sec-fetch-site": "same-origin" } });
    expect(await subscribe(page, { runId })).toEqual({ ok: true });
    page.close();
    expect(await refusal(connectLive(t, { cookie, transport: "polling", headers: { "sec-fetch-site": "cross-site" } }))).toMatchObject({ code: "forbidden" });
  });

  it("refuses a connection without credentials", async () => {
    expect(await refusal(connectLive(t))).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a wrong or revoked API key", async () => {
    expect(await refusal(connectLive(t, { token: "lb_not-a-key" }))).toMatchObject({ code: "unauthenticated" });
    const db = t.server.services.database.db;
    const { key, apiKey } = await createApiKey(db, { userId: member.user.id, name: "soon revoked" });
    const before = await connectLive(t, { token: key });
    before.close();
    await revokeApiKey(db, { userId: member.user.id, apiKeyId: apiKey.id });
    expect(await refusal(connectLive(t, { token: key }))).toMatchObject({ code: "unauthenticated", message: expect.stringContaining("revoked") });
  });

  it("refuses a session cookie sent from another origin, or with no origin", async () => {
    expect(await refusal(connectLive(t, { cookie, origin: "https://evil.example" }))).toMatchObject({ code: "forbidden" });
    expect(await refusal(connectLive(t, { cookie }))).toMatchObject({ code: "forbidden" });
    expect(await refusal(connectLive(t, { cookie: "better-auth.session_token=forged", origin: t.url }))).toMatchObject({ code: "unauthenticated" });
  });

  it("refuses a malformed auth payload and the default namespace", async () => {
    expect(await refusal(connectLive(t, { token: "x".repeat(600) }))).toMatchObject({ code: "invalid_input" });
    expect(await refusal(connectLive(t, { token: member.key, namespace: "/" }))).toMatchObject({ code: "not_found" });
  });
});
