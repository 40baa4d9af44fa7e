import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { cookieHeader, startTestServer, type TestServer } from "@/tests/support/server";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";

// Python processes and a server that is killed and restarted: slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const repoRoot = path.resolve(import.meta.dirname, "../..");
const clientDir = path.join(repoRoot, "clients/python");
const bin = path.join(repoRoot, "bin/labbook.mjs");

type RunView = {
  id: string;
  name: string;
  status: string;
  params: Record<string, unknown>;
  tags: string[];
  repro: { git?: { commit?: string; branch?: string; dirty?: boolean; diff?: string }; seed?: unknown; command?: string[]; cwd?: string; runtime?: { name?: string }; packages?: Record<string, string> };
  metrics: { key: string; count: number; min: unknown; max: unknown }[];
};

interface PythonResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The last stdout line, parsed as JSON. */
  json: <T = Record<string, unknown>>() => T;
}

interface PythonProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<PythonResult>;
}

/** Starts Python with the client on PYTHONPATH. */
function startPython(args: string[], env: Record<string, string>, cwd = clientDir): PythonProcess {
  const started = Date.now();
  const child = spawn("python3", args, { cwd, env: pythonEnv(env) });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<PythonResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, stderr, ms: Date.now() - started, json: <T>() => JSON.parse(stdout.trimEnd().split("\n").at(-1) ?? "null") as T }),
    );
  });
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Runs Python with the client on PYTHONPATH until it exits. */
const runPython = (args: string[], env: Record<string, string>, cwd = clientDir) => startPython(args, env, cwd).done;

function pythonEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: clientDir, PYTHONUNBUFFERED: "1", PYTHONDONTWRITEBYTECODE: "1", ...env };
}

/** Writes a script into `dir` and returns its path. */
function script(dir: string, name: string, code: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, code);
  return file;
}

/** A port nothing listens on (a listener was there a moment ago). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const spoolFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".jsonl")) : []);

describe("Python client", () => {
  let t: TestServer;
  let key: string;
  let work: string;
  let env: (spoolDir?: string) => Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer();
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    key = (await t.createUser({ workspaceId: ws.id, role: "editor" })).key;
    work = tmp("labbook-py-");
    env = (spoolDir = fs.mkdtempSync(path.join(work, "spool-"))) => ({ LABBOOK_URL: t.url, LABBOOK_API_KEY: key, LABBOOK_SPOOL_DIR: spoolDir });
  });
  afterAll(async () => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    await t?.close();
  });

  const getRun = async (id: string) => {
    const res = await t.request<RunView>(`/api/v1/runs/${id}`, { key });
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Rows, distinct steps, and what the batch log says was accepted or duplicate, per run. */
  const stored = async (id: string) => {
    const [points] = await t.server.services.database.rows<{ n: number; steps: number }>(
      sql`select count(*)::int as n, count(distinct (key_id, step))::int as steps from metric_points where run_id = ${id}::uuid`,
    );
    const [batches] = await t.server.services.database.rows<{ accepted: number; duplicates: number }>(
      sql`select coalesce(sum(accepted), 0)::int as accepted, coalesce(sum(duplicates), 0)::int as duplicates from ingest_batches where run_id = ${id}::uuid`,
    );
    return { ...points, ...batches };
  };

  it("passes its own unit tests (batching, values, spool, backoff)", async () => {
    const res = await runPython(["-m", "unittest", "discover", "-s", "tests", "-t", "."], {});
    expect(res.stderr).toMatch(/\nOK\s*$/);
    expect(res.code).toBe(0);
  });

  it("starts a run with config, tags and repro from a git work tree, logs every point and finishes", async () => {
    const repo = fs.mkdtempSync(path.join(work, "git-"));
    const git = (...args: string[]) => {
      const res = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
      expect(res.status, res.stderr).toBe(0);
      return res.stdout.trim();
    };
    git("init", "-q", "-b", "main");
    git("config", "user.email", "ci@example.com");
    git("config", "user.name", "CI");
    fs.writeFileSync(path.join(repo, "train.py"), "# v1\n");
    git("add", ".");
    git("commit", "-q", "-m", "init");
    const commit = git("rev-parse", "HEAD");
    fs.appendFileSync(path.join(repo, "train.py"), "# uncommitted change\n");
    const file = script(
      repo,
      "run_basic.py",
      `import json, labbook
run = labbook.init(project="lab/py", name="basic", config={"lr": 0.01, "model": {"depth": 4}}, tags=["py"], seed=7)
for step in range(300):
    run.log({"loss": 1 / (step + 1), "acc": step / 300}, step=step)
run.log_params({"epochs": 3})
run.set_tags(["py", "smoke"])
run.finish()
print(json.dumps({"id": run.id, "url": run.url, "name": run.name}))
`,
    );
    const res = await runPython([file, "--epochs", "3"], env(), repo);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toBe("");
    const out = res.json<{ id: string; url: string; name: string }>();
    expect(out).toEqual({ id: expect.any(String), url: `${t.url}/lab/py/runs/${out.id}`, name: "basic" });

    const run = await getRun(out.id);
    expect(run).toMatchObject({ name: "basic", status: "finished", params: { lr: 0.01, model: { depth: 4 }, epochs: 3 }, tags: ["py", "smoke"] });
    expect(run.repro).toMatchObject({ git: { commit, branch: "main", dirty: true }, seed: 7, command: [file, "--epochs", "3"], runtime: { name: "python" } });
    expect(fs.realpathSync(run.repro.cwd ?? "")).toBe(fs.realpathSync(repo));
    expect(run.repro.git?.diff).toContain("+# uncommitted change");
    expect(run.metrics.map((m) => [m.key, m.count])).toEqual([
      ["acc", 300],
      ["loss", 300],
    ]);
    expect(await stored(out.id)).toEqual({ n: 600, steps: 600, accepted: 600, duplicates: 0 });
  });

  it("stores NaN and infinities; skips what is not a number and drops a refused update, with warnings", async () => {
    const file = script(
      work,
      "run_nan.py",
      `import json, math, labbook
run = labbook.init(project="lab/py", name="nan")
for step, value in enumerate([math.nan, math.inf, -math.inf, 1.5]):
    run.log({"v": value}, step=step)
run.log({"v": "not a number", "ok": 2})
run.log_params({"a": 1})
run.log_params({"a": 2})
run.finish()
print(json.dumps({"id": run.id}))
`,
    );
    const res = await runPython([file], env());
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/labbook: skipping 'v'/);
    expect(res.stderr).toMatch(/refused a params update and it was dropped: 409 Param "a"/);
    const { id } = res.json<{ id: string }>();
    const run = await getRun(id);
    expect(run).toMatchObject({ status: "finished", params: { a: 1 } });
    expect(run.metrics).toEqual([
      { key: "ok", count: 1, min: 2, max: 2, last: expect.objectContaining({ step: 0, value: 2 }) },
      { key: "v", count: 4, min: "-Infinity", max: "Infinity", last: expect.objectContaining({ step: 3, value: 1.5 }) },
    ]);
    const values = await t.server.services.database.rows<{ step: number; value: string }>(
      sql`select p.step::int as step, p.value::text as value from metric_points p join metric_keys k on k.id = p.key_id where p.run_id = ${id}::uuid and k.key = 'v' order by p.step`,
    );
    expect(values.map((v) => v.value)).toEqual(["NaN", "Infinity", "-Infinity", "1.5"]);
  });

  it("marks a run failed on an exception, killed on KeyboardInterrupt, and failed when the program dies of one", async () => {
    const file = script(
      work,
      "run_errors.py",
      `import json, labbook
ids = []
try:
    with labbook.init(project="lab/py", name="boom") as run:
        ids.append(run.id)
        run.log({"x": 1})
        raise RuntimeError("boom")
except RuntimeError:
    pass
try:
    with labbook.init(project="lab/py", name="interrupted") as run:
        ids.append(run.id)
        raise KeyboardInterrupt
except KeyboardInterrupt:
    pass
print(json.dumps(ids))
`,
    );
    const res = await runPython([file], env());
    expect(res.code, res.stderr).toBe(0);
    const [boom, interrupted] = res.json<[string, string]>();
    expect(await getRun(boom)).toMatchObject({ status: "failed", metrics: [{ key: "x", count: 1 }] });
    expect((await getRun(interrupted)).status).toBe("killed");

    const crash = script(
      work,
      "run_crash.py",
      `import labbook
run = labbook.init(project="lab/py", name="crash")
print(run.id, flush=True)
run.log({"x": 1})
raise ValueError("uncaught")
`,
    );
    const died = await runPython([crash], env());
    expect(died.code).toBe(1);
    expect(died.stderr).toContain("ValueError: uncaught");
    expect(await getRun(died.stdout.trim())).toMatchObject({ status: "failed", metrics: [{ key: "x", count: 1 }] });
  });

  it("raises LabbookError at init when the server refuses the run (wrong key, no such workspace)", async () => {
    const file = script(
      work,
      "run_refused.py",
      `import json, labbook
errors = []
for kwargs in [{"api_key": "lbk_wrong"}, {"project": "nowhere/py"}]:
    try:
        labbook.init(**{"project": "lab/py", **kwargs})
    except labbook.LabbookError as error:
        errors.append(str(error))
print(json.dumps(errors))
`,
    );
    const res = await runPython([file], env());
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toEqual([expect.stringMatching(/refused to start the run: 401/), expect.stringMatching(/refused to start the run: 404/)]);
  });

  it("gets 20,000 points logged in a tight loop to the server exactly once", async () => {
    const file = script(
      work,
      "run_tight.py",
      `import json, time, labbook
run = labbook.init(project="lab/py", name="tight")
started = time.perf_counter()
for i in range(20000):
    run.log({"x": i})
logged = time.perf_counter() - started
run.finish()
print(json.dumps({"id": run.id, "logSeconds": logged}))
`,
    );
    const res = await runPython([file], env());
    expect(res.code, res.stderr).toBe(0);
    const { id, logSeconds } = res.json<{ id: string; logSeconds: number }>();
    // log() only enqueues: 20,000 calls take well under a second even on a busy machine.
    expect(logSeconds).toBeLessThan(3);
    // Steps were not given: each point got its key's next step, so a duplicate would be a new row.
    expect(await stored(id)).toEqual({ n: 20_000, steps: 20_000, accepted: 20_000, duplicates: 0 });
    const [range] = await t.server.services.database.rows<{ lo: number; hi: number }>(
      sql`select min(step)::int as lo, max(step)::int as hi from metric_points where run_id = ${id}::uuid`,
    );
    expect(range).toEqual({ lo: 0, hi: 19_999 });
  });

  it("spools when the server is unreachable, exits promptly, and `python -m labbook sync` uploads it exactly once", async () => {
    const spoolDir = fs.mkdtempSync(path.join(work, "spool-"));
    const offline = { ...env(spoolDir), LABBOOK_URL: `http://127.0.0.1:${await freePort()}` };
    const graceful = script(
      work,
      "run_unreachable.py",
      `import json, labbook
run = labbook.init(project="lab/offline", name="unreachable", config={"lr": 0.1})
for step in range(5000):
    run.log({"loss": 1.0 / (step + 1)}, step=step)
run.finish()
print(json.dumps({"id": run.id, "url": run.url}))
`,
    );
    // A process killed before it ever reached the server leaves its init and points behind.
    const killed = script(
      work,
      "run_killed.py",
      `import os, signal, time, labbook
run = labbook.init(project="lab/offline", name="killed")
for step in range(1234):
    run.log({"loss": float(step)}, step=step)
time.sleep(1.5)  # the background thread spools every 250 ms
os.kill(os.getpid(), signal.SIGKILL)
`,
    );
    const [res, died] = await Promise.all([runPython([graceful], offline), runPython([killed], offline)]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json()).toEqual({ id: null, url: null });
    expect(res.stderr).toMatch(/cannot reach/);
    expect(res.stderr).toMatch(/python -m labbook sync/);
    // Defaults: about 2 s trying to create the run, 3 s retrying at finish, then the spool keeps the rest.
    expect(res.ms).toBeLessThan(15_000);
    expect(died.code).toBeNull();
    expect(spoolFiles(spoolDir)).toHaveLength(2);

    const sync = await runPython(["-m", "labbook", "sync"], env(spoolDir));
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/Synced .*: 5000 new points/);
    expect(sync.stdout).toMatch(/Synced .*: 1234 new points/);
    expect(spoolFiles(spoolDir)).toEqual([]);

    const runs = await t.server.services.database.rows<{ id: string; name: string }>(
      sql`select r.id, r.name from runs r join projects p on p.id = r.project_id where p.slug = 'offline' order by r.name`,
    );
    expect(runs.map((r) => r.name)).toEqual(["killed", "unreachable"]);
    const [killedId = "", unreachableId = ""] = runs.map((r) => r.id);
    expect(await getRun(unreachableId)).toMatchObject({ status: "finished", params: { lr: 0.1 }, metrics: [{ key: "loss", count: 5000 }] });
    // Nothing said how it ended: it stays running until silence shows it as crashed.
    expect((await getRun(killedId)).status).toBe("running");
    expect(await stored(unreachableId)).toEqual({ n: 5000, steps: 5000, accepted: 5000, duplicates: 0 });
    expect(await stored(killedId)).toEqual({ n: 1234, steps: 1234, accepted: 1234, duplicates: 0 });

    const again = await runPython(["-m", "labbook", "sync"], env(spoolDir));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to sync/);
    const [count] = await t.server.services.database.rows<{ n: number }>(
      sql`select count(*)::int as n from runs r join projects p on p.id = r.project_id where p.slug = 'offline'`,
    );
    expect(count?.n).toBe(2);
    expect(await stored(unreachableId)).toEqual({ n: 5000, steps: 5000, accepted: 5000, duplicates: 0 });
  });
});

interface Served {
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `labbook serve --no-ui` on a fixed port, so a restarted server answers at the same URL. */
function serve(env: Record<string, string | undefined>, port: number): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "serve", "--no-ui", "--port", String(port), "--host", "127.0.0.1"], {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
    });
    let output = "";
    const exited = new Promise<void>((r) => child.on("exit", () => r()));
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      if (/running at http/.test(output)) {
        resolve({
          child,
          async stop(signal = "SIGTERM") {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    void exited.then(() => reject(new Error(`serve exited early: ${output}`)));
  });
}

describe("Python client when the server is killed mid-run", () => {
  let database: TestDatabase;
  let server: Served | undefined;
  let work: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    work = tmp("labbook-py-kill-");
  });
  afterAll(async () => {
    await server?.stop("SIGKILL");
    fs.rmSync(work, { recursive: true, force: true });
    await database?.drop();
  });

  it("gets every point there exactly once after a SIGKILL and a restart, and creates a run started while it was down", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = await serve(database.env, port);
    // The first sign-up on an empty instance owns a new workspace; its key logs the run.
    const signUp = await fetch(`${url}/api/v1/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ name: "Ops", email: "ops@example.com", password: "password123", workspaceName: "Lab" }),
    });
    expect(signUp.status).toBe(200);
    const created = await fetch(`${url}/api/v1/api-keys`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url, cookie: cookieHeader(signUp) },
      body: JSON.stringify({ name: "python" }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const count = async (id: string): Promise<number> => {
      const res = await fetch(`${url}/api/v1/runs/${id}`, { headers: { authorization: `Bearer ${key}` } });
      const body = (await res.json()) as RunView;
      return body.metrics.find((m) => m.key === "x")?.count ?? 0;
    };

    const total = 4000;
    const late = 500;
    const go = path.join(work, "go");
    const spoolDir = path.join(work, "spool");
    const file = script(
      work,
      "run_kill.py",
      `import json, os, sys, time, labbook
name, total, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
run = labbook.init(project="lab/kill", name=name)
print(json.dumps({"id": run.id}), flush=True)
for step in range(total):
    run.log({"x": float(step)}, step=step)
    if step % 100 == 99:
        time.sleep(0.1)
while not os.path.exists(go):
    time.sleep(0.05)
run.finish()
print(json.dumps({"id": run.id}), flush=True)
`,
    );
    const pyEnv = { LABBOOK_URL: url, LABBOOK_API_KEY: key, LABBOOK_SPOOL_DIR: spoolDir, LABBOOK_RETRY_MAX_SECONDS: "1" };
    const firstId = (p: PythonProcess) => (JSON.parse(p.stdout().split("\n")[0] ?? "") as { id: string | null }).id;
    const survivor = startPython([file, "survivor", String(total), go], pyEnv, work);
    await vi.waitFor(() => expect(survivor.stdout()).toContain('"id"'), { timeout: 30_000, interval: 50 });
    const id = firstId(survivor) ?? "";
    await vi.waitFor(async () => expect(await count(id)).toBeGreaterThanOrEqual(500), { timeout: 30_000, interval: 100 });

    await server.stop("SIGKILL");
    // A second run starts while the server is down: it must be created once the server is back.
    const latecomer = startPython([file, "latecomer", String(late), go], { ...pyEnv, LABBOOK_INIT_TIMEOUT: "0" }, work);
    await vi.waitFor(() => expect(latecomer.stdout()).toContain('"id"'), { timeout: 30_000, interval: 50 });
    expect(firstId(latecomer)).toBeNull();
    server = await serve(database.env, port);
    // The clients find the server again on their own and drain their spools, before finish().
    await vi.waitFor(async () => expect(await count(id)).toBe(total), { timeout: 60_000, interval: 200 });
    fs.writeFileSync(go, "");
    const [first, second] = await Promise.all([survivor.done, latecomer.done]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/cannot reach/);
    expect(first.stderr).toMatch(/reconnected/);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/run created at/);
    const lateId = second.json<{ id: string }>().id;
    expect(lateId).toEqual(expect.any(String));
    expect(spoolFiles(spoolDir)).toEqual([]);

    await server.stop("SIGTERM");
    server = undefined;
    const db = await openDatabase({ databaseUrl: database.env.DATABASE_URL, dataDir: database.env.LABBOOK_DATA_DIR });
    try {
      const [points] = await db.rows<{ n: number; steps: number; lo: number; hi: number }>(
        sql`select count(*)::int as n, count(distinct step)::int as steps, min(step)::int as lo, max(step)::int as hi from metric_points where run_id = ${id}::uuid`,
      );
      expect(points).toEqual({ n: total, steps: total, lo: 0, hi: total - 1 });
      const [batches] = await db.rows<{ accepted: number; duplicates: number }>(
        sql`select sum(accepted)::int as accepted, sum(duplicates)::int as duplicates from ingest_batches where run_id = ${id}::uuid`,
      );
      expect(batches).toEqual({ accepted: total, duplicates: 0 });
      const [run] = await db.rows<{ status: string }>(sql`select status::text as status from runs where id = ${id}::uuid`);
      expect(run?.status).toBe("finished");
      const [latePoints] = await db.rows<{ n: number; steps: number; accepted: number; status: string }>(sql`
        select (select count(*)::int from metric_points where run_id = r.id) as n,
               (select count(distinct step)::int from metric_points where run_id = r.id) as steps,
               (select sum(accepted)::int from ingest_batches where run_id = r.id) as accepted,
               r.status::text as status
        from runs r where r.id = ${lateId}::uuid`);
      expect(latePoints).toEqual({ n: late, steps: late, accepted: late, status: "finished" });
      const [runs] = await db.rows<{ n: number }>(sql`select count(*)::int as n from runs`);
      expect(runs?.n).toBe(2);
    } finally {
      await db.close();
    }
  });
});
