import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { startTestServer, type TestServer } from "@/tests/support/server";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const bin = path.resolve(import.meta.dirname, "../bin/labbook.mjs");

/** Spawns `labbook demo …`, resolving once its output matches `ready`. */
function startDemo(args: string[], env: Record<string, string | undefined>, ready: RegExp) {
  const child = spawn(process.execPath, [bin, "demo", ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (ready.test(output)) resolve();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`demo exited (${code}): ${output}`)));
  });
  started.catch(() => undefined); // awaited by the tests that expect a start
  return { child, started, exited, output: () => output };
}

type RunList = { runs: { id: string; name: string; status: string }[] };
type RunView = { status: string; params: Record<string, unknown>; metrics: { key: string; count: number }[] };

const until = async (check: () => Promise<boolean>, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 250));
  }
};

describe("labbook demo --url --key", () => {
  let t: TestServer;
  let key: string;
  beforeAll(async () => {
    t = await startTestServer();
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    key = (await t.createUser({ workspaceId: ws.id, role: "editor" })).key;
  });
  afterAll(async () => t?.close());

  it("streams a realistic run through the public API until stopped, then marks it killed", async () => {
    const demo = startDemo(["--url", t.url, "--key", key, "--project", "lab/demo"], {}, /Run \S+: http/);
    await demo.started;
    const runs = () => t.request<RunList>("/api/v1/projects/lab/demo/runs", { key });
    let runId = "";
    await until(async () => {
      const run = (await runs()).body.runs[0];
      if (!run) return false;
      runId = run.id;
      const view = await t.request<RunView>(`/api/v1/runs/${run.id}`, { key });
      return (view.body.metrics.find((m) => m.key === "train/loss")?.count ?? 0) >= 20;
    });
    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(0);
    const view = await t.request<RunView>(`/api/v1/runs/${runId}`, { key });
    expect(view.body.status).toBe("killed");
    expect(view.body.params).toMatchObject({ lr: expect.any(Number), optimizer: expect.any(String) });
    expect(view.body.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(["train/loss", "train/acc", "train/lr", "val/loss", "sys/gpu_util"]));
  });

  it("refuses --url without a key in one line", async () => {
    const demo = startDemo(["--url", t.url], { LABBOOK_API_KEY: "" }, /$^/);
    expect(await demo.exited).toBe(1);
    expect(demo.output().trim()).toMatch(/^labbook: --key \(or LABBOOK_API_KEY\) is required with --url$/);
  });
});

describe("labbook demo (own server)", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  it("creates the demo user, workspace and project, serves them and streams into them", async () => {
    const demo = startDemo(["--no-ui", "--port", "0"], { ...database.env, HOST: "127.0.0.1" }, /Run \S+: (http:\/\/[^/]+)/);
    await demo.started;
    const url = /running at (http:\/\/\S+)/.exec(demo.output())?.[1] ?? "";
    expect(demo.output()).toMatch(/Sign in as demo@labbook\.dev \/ labbook-demo/);
    const signIn = await fetch(`${url}/api/v1/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ email: "demo@labbook.dev", password: "labbook-demo" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const list = await fetch(`${url}/api/v1/projects/demo/mnist/runs`, { headers: { cookie } });
    expect(((await list.json()) as RunList).runs.length).toBeGreaterThan(0);
    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(0);
  });
});
