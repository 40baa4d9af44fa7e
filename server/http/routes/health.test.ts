import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "@/tests/support/server";

describe("GET /api/v1/health", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it("reports status, database kind and version without authentication", async () => {
    const res = await t.request("/api/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: t.database.kind, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("answers unknown API paths with the error shape", async () => {
    const res = await t.request("/api/v1/nope");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.stringContaining("/api/v1/nope") } });
  });

  it("refuses pages when serving without the UI", async () => {
    const res = await t.request("/some/page");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: "not_found" } });
  });
});
