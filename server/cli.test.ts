import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli, startServeProcess, type ServeProcess } from "@/tests/support/cli";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";

// Each command is a fresh process that opens the database: slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

/** A failed command prints exactly one line on stderr and exits 1. */
function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe("labbook CLI", () => {
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    database = await createTestDatabase();
    env = { ...database.env };
  });
  afterAll(async () => database?.drop());

  it("creates a user, and refuses a duplicate with a one-line error", async () => {
    const created = await runCli(["user", "create", "--email", "Ada@Example.com", "--password", "correct horse", "--name", "Ada"], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created user ada@example\.com/);
    const dup = await runCli(["user", "create", "--email", "ada@example.com", "--password", "another pw"], env);
    expectOneLineError(dup, /already exists/);
  });

  it("refuses bad arguments with a one-line error naming the problem", async () => {
    expectOneLineError(await runCli(["user", "create", "--email", "not-an-email", "--password", "longenough"], env), /--email: must be an email/);
    expectOneLineError(await runCli(["user", "create", "--email", "x@example.com", "--password", "short"], env), /--password: must be at least 8/);
    expectOneLineError(await runCli(["user", "create", "--email", "x@example.com", "--bogus", "1"], env), /Unknown option '--bogus'/);
    expectOneLineError(await runCli(["frobnicate"], env), /Unknown command "frobnicate"/);
    expectOneLineError(await runCli(["member", "add", "--workspace", "w", "--email", "ada@example.com", "--role", "god"], env), /--role/);
    expectOneLineError(await runCli(["workspace", "create", "--slug", "Bad Slug", "--name", "B", "--owner", "ada@example.com"], env), /--slug/);
  });

  it("sets up a workspace, project, member and API key that the server then honours", async () => {
    expect((await runCli(["workspace", "create", "--slug", "vision", "--name", "Vision Lab", "--owner", "ada@example.com"], env)).code).toBe(0);
    expectOneLineError(await runCli(["workspace", "create", "--slug", "vision", "--name", "Again", "--owner", "ada@example.com"], env), /already exists/);
    expectOneLineError(await runCli(["workspace", "create", "--slug", "other", "--name", "O", "--owner", "nobody@example.com"], env), /No user/);
    expect((await runCli(["project", "create", "--workspace", "vision", "--slug", "mnist", "--name", "MNIST"], env)).code).toBe(0);
    expectOneLineError(await runCli(["project", "create", "--workspace", "vision", "--slug", "mnist"], env), /already exists/);
    expectOneLineError(await runCli(["project", "create", "--workspace", "nope", "--slug", "x"], env), /No workspace/);
    expect((await runCli(["user", "create", "--email", "bob@example.com", "--password", "password123"], env)).code).toBe(0);
    expect((await runCli(["member", "add", "--workspace", "vision", "--email", "bob@example.com", "--role", "viewer"], env)).code).toBe(0);
    expectOneLineError(await runCli(["member", "add", "--workspace", "vision", "--email", "bob@example.com", "--role", "editor"], env), /already a member/);

    const keyRun = await runCli(["apikey", "create", "--email", "bob@example.com", "--name", "laptop"], env);
    expect(keyRun.code).toBe(0);
    const key = keyRun.stdout.trimEnd().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^lbk_[A-Za-z0-9_-]{40,}$/);

    const server = await startServeProcess(env);
    try {
      const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(me.status).toBe(200);
      const body = (await me.json()) as { user: { email: string }; workspaces: { slug: string; role: string }[] };
      expect(body.user.email).toBe("bob@example.com");
      expect(body.workspaces).toEqual([{ id: expect.any(String), slug: "vision", name: "Vision Lab", role: "viewer" }]);
      const project = await fetch(`${server.url}/api/v1/projects/vision/mnist`, { headers: { authorization: `Bearer ${key}` } });
      expect(project.status).toBe(200);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  });

  it("migrates explicitly", async () => {
    const res = await runCli(["migrate"], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Migrations applied \((pglite|postgres)\)/);
  });
});

describe.runIf(!process.env.DATABASE_URL)("the embedded database has one owner process", () => {
  let database: TestDatabase;
  let server: ServeProcess | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServeProcess(database.env);
  });
  afterAll(async () => {
    if (server?.child.exitCode === null) await server.stop();
    await database?.drop();
  });

  it("makes the CLI say the server is running and exit 1 instead of opening it twice", async () => {
    const res = await runCli(["user", "create", "--email", "x@example.com", "--password", "password123"], database.env);
    expectOneLineError(res, new RegExp(`Labbook is running \\(process ${server?.child.pid}\\)`));
  });

  it("makes a second server fail at once, naming the pid that holds the lock", async () => {
    // It exits by itself with the holder's pid instead of waiting for the lock (a waiting
    // process would never reject, and the test would time out).
    await expect(startServeProcess(database.env)).rejects.toThrow(new RegExp(`exited early \\(1\\)[\\s\\S]*in use by process ${server?.child.pid}`));
  });

  it("finishes an in-flight write on SIGTERM, then exits within 10 s and releases the lock", async () => {
    const s = server!;
    const setup = await runCliAfterStop(database, s);
    const restarted = await startServeProcess(database.env);
    server = restarted;
    // On a connection the server has already accepted, headers and half the body go out
    // before the signal; the rest follows after it.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await send(agent, `${restarted.url}/api/v1/health`, "GET");
    const body = JSON.stringify({ slug: "late-write", name: "Late write" });
    const half = Math.floor(body.length / 2);
    const request = http.request(`${restarted.url}/api/v1/workspaces/lab/projects`, {
      method: "POST",
      agent,
      headers: { authorization: `Bearer ${setup.key}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    const response = new Promise<number>((resolve, reject) => {
      request.on("response", (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      request.on("error", reject);
    });
    request.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 1000));
    const stopping = restarted.stop("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    request.end(body.slice(half));
    expect(await response).toBe(201);
    agent.destroy();
    const { code, ms } = await stopping;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(fs.existsSync(path.join(database.env.LABBOOK_DATA_DIR, "labbook.lock"))).toBe(false);
    // the write is durable: visible after a restart
    const again = await startServeProcess(database.env);
    server = again;
    const project = await fetch(`${again.url}/api/v1/projects/lab/late-write`, { headers: { authorization: `Bearer ${setup.key}` } });
    expect(project.status).toBe(200);
  });
});

/** Stops the server, then prepares a user, workspace and key with the CLI. */
async function runCliAfterStop(database: TestDatabase, server: ServeProcess): Promise<{ key: string }> {
  await server.stop();
  const env = database.env;
  await runCli(["user", "create", "--email", "ops@example.com", "--password", "password123"], env);
  await runCli(["workspace", "create", "--slug", "lab", "--name", "Lab", "--owner", "ops@example.com"], env);
  const res = await runCli(["apikey", "create", "--email", "ops@example.com"], env);
  return { key: res.stdout.trimEnd().split("\n").at(-1) ?? "" };
}

/** One request through `agent`, resolving when its response has been read. */
function send(agent: http.Agent, url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .request(url, { method, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject)
      .end();
  });
}
