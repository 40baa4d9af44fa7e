import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import labbook, { LabbookError, type Logger, type Metrics } from "@/clients/node/src/index";
import { RunRef } from "@/clients/node/src/deliver";
import { Transport } from "@/clients/node/src/http";
import { prefixed } from "@/clients/node/src/logger";
import { headerRecord, Spool } from "@/clients/node/src/spool";
import { Uploader } from "@/clients/node/src/uploader";
import type { Point } from "@/clients/node/src/values";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { startTestServer, type TestServer } from "@/tests/support/server";

// Child processes, a tsc build and retries with real backoff: slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const repoRoot = path.resolve(import.meta.dirname, "../..");
const clientRoot = path.join(repoRoot, "clients/node");

type RunView = {
  id: string;
  name: string;
  status: string;
  params: Record<string, unknown>;
  tags: string[];
  repro: {
    git?: { commit?: string; branch?: string; dirty?: boolean; diff?: string };
    seed?: unknown;
    command?: string[];
    cwd?: string;
    host?: string;
    runtime?: { name?: string; version?: string };
    packages?: Record<string, string>;
    hardware?: { cpus?: number };
  };
  metrics: { key: string; count: number; min: unknown; max: unknown; last: unknown }[];
};

const tmp = (prefix = "labbook-node-") => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const spoolFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".jsonl")) : []);

/** A logger that keeps what the client warns about. */
function capture(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message) => lines.push(message) };
}

/** A port nothing listens on (a listener was there a moment ago). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** What the proxy does with one request: pass it on, answer with an error (after passing it on, or instead), or wait first. */
interface ProxyAnswer {
  forward: boolean;
  /** Answer with this status instead of the server's. */
  fail?: number;
  retryAfter?: string;
  /** Hold the request until this settles. */
  hold?: Promise<void>;
}
const FORWARD: ProxyAnswer = { forward: true };

interface SeenRequest {
  method: string;
  path: string;
  body: { batchId?: string; series?: { values: unknown[] }[] } | undefined;
  /** What the client got. */
  status: number;
  at: number;
}

interface Proxy {
  url: string;
  seen: SeenRequest[];
  decide: (request: { method: string; path: string }) => ProxyAnswer;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the real server that fails requests on cue. A failure "after
 * forwarding" is the case that matters for exactly-once: the server committed, the client
 * saw an error and must resend.
 */
async function startProxy(target: string): Promise<Proxy> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      const method = req.method ?? "GET";
      const urlPath = req.url ?? "/";
      const answer = proxy.decide({ method, path: urlPath });
      await answer.hold;
      let status = 502;
      let out = "";
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (answer.forward) {
        const forwarded: Record<string, string> = {};
        for (const name of ["authorization", "content-type", "accept", "user-agent"]) {
          const value = req.headers[name];
          if (typeof value === "string") forwarded[name] = value;
        }
        const response = await fetch(`${target}${urlPath}`, { method, headers: forwarded, ...(text && { body: text }) });
        status = response.status;
        out = await response.text();
      }
      if (answer.fail !== undefined) {
        status = answer.fail;
        out = JSON.stringify({ error: { code: "injected", message: `injected ${answer.fail}` } });
        if (answer.retryAfter !== undefined) headers["retry-after"] = answer.retryAfter;
      }
      proxy.seen.push({ method, path: urlPath, body: text ? (JSON.parse(text) as SeenRequest["body"]) : undefined, status, at: Date.now() });
      res.writeHead(status, status === 204 ? {} : headers);
      res.end(status === 204 ? undefined : out);
    })().catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const proxy: Proxy = {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen: [],
    decide: () => FORWARD,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  return proxy;
}

const metricPosts = (proxy: Proxy) => proxy.seen.filter((r) => r.method === "POST" && r.path.endsWith("/metrics"));
const pointsIn = (request: SeenRequest) => request.body?.series?.reduce((n, s) => n + s.values.length, 0) ?? 0;

interface NodeResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Each stdout line that is JSON. */
  json: <T = Record<string, unknown>>() => T[];
}

function jsonLines<T>(stdout: string): T[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as T);
}

/** Children still running: killed after each file so a hung one cannot outlive the tests. */
const children = new Set<ChildProcess>();

/** Starts `node args…`; the result resolves when it exits. A child still running after `timeoutMs` is killed. */
function startNode(
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): { child: ChildProcess; output: () => string; done: Promise<NodeResult> } {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env } });
  children.add(child);
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 45_000);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<NodeResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr, ms: Date.now() - started, json: <T>() => jsonLines<T>(stdout) });
    });
  });
  return { child, output: () => stdout, done };
}

const runNode = (args: string[], options: { cwd: string; env: Record<string, string> }) => startNode(args, options).done;

/**
 * Builds the package as it would be published — `tsc -p clients/node` — into
 * `<dir>/node_modules/labbook-client`, so scripts under `dir` import it by name through its
 * `exports`, and run it with plain node.
 */
async function buildClient(dir: string): Promise<string> {
  const pkg = path.join(dir, "node_modules", "labbook-client");
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(clientRoot, "package.json"), path.join(pkg, "package.json"));
  const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
  const res = await runNode([tsc, "-p", clientRoot, "--outDir", path.join(pkg, "dist")], { cwd: repoRoot, env: {} });
  if (res.code !== 0) throw new Error(`tsc failed: ${res.stdout}${res.stderr}`);
  return pkg;
}

describe("Node client", () => {
  let t: TestServer;
  let key: string;
  let work: string;
  let built: Promise<string>;

  beforeAll(async () => {
    work = tmp();
    built = buildClient(work);
    built.catch(() => {}); // awaited by the tests that need it
    t = await startTestServer();
    const owner = await t.createUser();
    const ws = await createWorkspace(t.server.services.database.db, { slug: "lab", name: "Lab", ownerId: owner.user.id });
    key = (await t.createUser({ workspaceId: ws.id, role: "editor" })).key;
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await built?.catch(() => {});
    if (work) fs.rmSync(work, { recursive: true, force: true });
    await t?.close();
  });

  const options = (extra: Parameters<typeof labbook.init>[0] = {}) => ({ url: t.url, apiKey: key, spoolDir: tmp(), captureRepro: false, ...extra });
  const getRun = async (id: string) => {
    const res = await t.request<RunView>(`/api/v1/runs/${id}`, { key });
    expect(res.status).toBe(200);
    return res.body;
  };
  const count = async (id: string, metric: string) => (await getRun(id)).metrics.find((m) => m.key === metric)?.count ?? 0;
  /** Rows, distinct (key, step)s, and what the batch log says was accepted or duplicate. */
  const stored = async (id: string) => {
    const [points] = await t.server.services.database.rows<{ n: number; steps: number }>(
      sql`select count(*)::int as n, count(distinct (key_id, step))::int as steps from metric_points where run_id = ${id}::uuid`,
    );
    const [batches] = await t.server.services.database.rows<{ accepted: number; duplicates: number }>(
      sql`select coalesce(sum(accepted), 0)::int as accepted, coalesce(sum(duplicates), 0)::int as duplicates from ingest_batches where run_id = ${id}::uuid`,
    );
    return { ...points, ...batches };
  };

  it("starts a run with config, tags and repro, logs every point and finishes it at the end of an `await using` scope", async () => {
    const logger = capture();
    let id = "";
    {
      await using run = await labbook.init({ ...options({ captureRepro: true, logger }), project: "lab/node", name: "basic", config: { lr: 0.01, model: { depth: 4 } }, tags: ["node"], seed: 7 });
      id = run.id ?? "";
      expect(run.url).toBe(`${t.url}/lab/node/runs/${id}`);
      expect(run.name).toBe("basic");
      for (let step = 0; step < 300; step++) run.log({ loss: 1 / (step + 1), acc: step / 300 }, { step });
      run.logParams({ epochs: 3 });
      run.setTags(["node", "smoke"]);
    }
    expect(logger.lines).toEqual([]);
    const view = await getRun(id);
    expect(view).toMatchObject({ name: "basic", status: "finished", params: { lr: 0.01, model: { depth: 4 }, epochs: 3 }, tags: ["node", "smoke"] });
    expect(view.repro).toMatchObject({ seed: 7, command: process.argv, cwd: process.cwd(), host: os.hostname(), runtime: { name: "node", version: process.versions.node } });
    expect(view.repro.git?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(view.metrics.map((m) => [m.key, m.count])).toEqual([
      ["acc", 300],
      ["loss", 300],
    ]);
    expect(await stored(id)).toEqual({ n: 600, steps: 600, accepted: 600, duplicates: 0 });
  });

  it("refuses bad arguments and a wrong key at init, and never throws afterwards", async () => {
    await expect(labbook.init(options({ project: "no-slash" }))).rejects.toThrow(TypeError);
    await expect(labbook.init(options({ project: "lab/node", tags: ["ok", ""] }))).rejects.toThrow(/each tag/);
    const refused = await labbook.init(options({ project: "lab/node", apiKey: "lbk_wrong" })).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LabbookError);
    expect(refused).toMatchObject({ status: 401, message: expect.stringMatching(/refused to start the run: 401/) });

    const logger = capture();
    const run = await labbook.init(options({ project: "lab/node", logger }));
    // Wrong types from untyped callers: warnings, never exceptions.
    const untyped = run as unknown as { log(data: unknown, options?: unknown): void; setTags(tags: unknown): void; logParams(p: unknown): void };
    untyped.log(null);
    untyped.log({ x: 1 }, { step: -1 });
    untyped.setTags("a");
    untyped.logParams(42);
    await run.finish();
    await run.finish();
    run.log({ late: 1 });
    expect(logger.lines).toEqual([
      "labbook: log() takes an object of key → number, got null",
      expect.stringMatching(/^labbook: log\(\) skipped: step must be between 0/),
      expect.stringMatching(/^labbook: setTags\(\) failed: tags must be an array/),
      expect.stringMatching(/^labbook: logParams\(\) failed: config must be an object/),
      "labbook: log() after finish() is ignored",
    ]);
    expect((await getRun(run.id ?? "")).status).toBe("finished");
  });

  it("stores NaN and infinities; skips what is not a number and drops a refused update, with warnings", async () => {
    const logger = capture();
    const run = await labbook.init(options({ project: "lab/node", name: "nan", logger }));
    [NaN, Infinity, -Infinity, 1.5].forEach((value, step) => run.log({ v: value }, { step }));
    run.log({ v: "not a number", ok: 2 } as unknown as Metrics);
    run.log({ "bad\nkey": 1 });
    run.logParams({ a: 1 });
    run.logParams({ a: 2 });
    await run.finish();
    expect(logger.lines).toEqual([
      'labbook: skipping "v": expected a number, got string',
      'labbook: skipping key "bad\\nkey": keys must not contain control characters',
      expect.stringMatching(/^labbook: the server refused a params update and it was dropped: 409 Param "a"/),
    ]);
    const view = await getRun(run.id ?? "");
    expect(view).toMatchObject({ status: "finished", params: { a: 1 } });
    expect(view.metrics).toEqual([
      { key: "ok", count: 1, min: 2, max: 2, last: expect.objectContaining({ step: 0, value: 2 }) },
      { key: "v", count: 4, min: "-Infinity", max: "Infinity", last: expect.objectContaining({ step: 3, value: 1.5 }) },
    ]);
    const values = await t.server.services.database.rows<{ value: string }>(
      sql`select p.value::text as value from metric_points p join metric_keys k on k.id = p.key_id where p.run_id = ${run.id ?? ""}::uuid and k.key = 'v' order by p.step`,
    );
    expect(values.map((v) => v.value)).toEqual(["NaN", "Infinity", "-Infinity", "1.5"]);
  });

  it("gets 20,000 points logged in a tight loop to the server exactly once", async () => {
    const run = await labbook.init(options({ project: "lab/node", name: "tight" }));
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) run.log({ x: i });
    const logMs = performance.now() - started;
    await run.finish();
    // log() only enqueues: 20,000 calls take a few milliseconds, well under a second on a busy machine.
    expect(logMs).toBeLessThan(1_000);
    // Steps were not given: each point got its key's next step, so a duplicate would be a new row.
    const id = run.id ?? "";
    expect(await stored(id)).toEqual({ n: 20_000, steps: 20_000, accepted: 20_000, duplicates: 0 });
    const [range] = await t.server.services.database.rows<{ lo: number; hi: number }>(
      sql`select min(step)::int as lo, max(step)::int as hi from metric_points where run_id = ${id}::uuid`,
    );
    expect(range).toEqual({ lo: 0, hi: 19_999 });
  });

  it("sends in the background within 250 ms, and at most 10,000 points per request", async () => {
    const proxy = await startProxy(t.url);
    try {
      const run = await labbook.init(options({ project: "lab/node", name: "batching", url: proxy.url }));
      const id = run.id ?? "";
      run.log({ a: 1 });
      run.log({ a: 2 });
      run.log({ a: 3 });
      // No flush: the timer sends them.
      await vi.waitFor(async () => expect(await count(id, "a")).toBe(3), { timeout: 5_000, interval: 50 });
      expect(metricPosts(proxy).map(pointsIn)).toEqual([3]);

      for (let i = 0; i < 25_000; i++) run.log({ b: i });
      await run.flush();
      // flush() resolves once they are committed.
      expect(await count(id, "b")).toBe(25_000);
      expect(metricPosts(proxy).map(pointsIn)).toEqual([3, 10_000, 10_000, 5_000]);
      await run.finish();
      expect(proxy.seen.at(-1)).toMatchObject({ method: "PATCH", path: `/api/v1/runs/${id}`, status: 200 });
    } finally {
      await proxy.close();
    }
  });

  it("resends a batch the server committed but answered 503 to, honouring Retry-After, and stores it once", async () => {
    const proxy = await startProxy(t.url);
    let failures = 0;
    proxy.decide = ({ path: p }) => (p.endsWith("/metrics") && failures++ < 3 ? { forward: true, fail: 503, ...(failures === 1 && { retryAfter: "1" }) } : FORWARD);
    try {
      const logger = capture();
      const run = await labbook.init(options({ project: "lab/node", name: "retried", url: proxy.url, logger, retryMaxMs: 1_000 }));
      const id = run.id ?? "";
      for (let step = 0; step < 3_000; step++) run.log({ x: step }, { step });
      await vi.waitFor(() => expect(metricPosts(proxy).length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
      for (let step = 3_000; step < 6_000; step++) run.log({ x: step }, { step });
      // Back online by itself, from the spool, before finish().
      await vi.waitFor(async () => expect(await count(id, "x")).toBe(6_000), { timeout: 20_000, interval: 100 });
      expect(spoolFiles(path.dirname(run.spoolPath))).toEqual([]);
      await run.finish();

      const posts = metricPosts(proxy);
      expect(posts.map((p) => p.status)).toEqual([503, 503, 503, 200, 200]);
      const [first, second, , replayed, rest] = posts.map((p) => p.body?.batchId);
      // The same batch each time: a retry never makes a new batch of the same points.
      expect(new Set([first, second, replayed])).toEqual(new Set([first]));
      expect(rest).not.toBe(first);
      expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
      expect(await stored(id)).toEqual({ n: 6_000, steps: 6_000, accepted: 6_000, duplicates: 0 });
      expect(logger.lines).toEqual([expect.stringMatching(/^labbook: cannot reach .* \(503 injected 503\); keeping data in /), expect.stringMatching(/^labbook: reconnected to /)]);
    } finally {
      await proxy.close();
    }
  });

  it("creates the run once a server that was down at init comes back, and uploads what was logged meanwhile", async () => {
    const proxy = await startProxy(t.url);
    let down = true;
    proxy.decide = () => (down ? { forward: false, fail: 503 } : FORWARD);
    try {
      const logger = capture();
      const run = await labbook.init(options({ project: "lab/node", name: "late", logger, url: proxy.url, initTimeoutMs: 300, retryMaxMs: 500 }));
      expect(run.id).toBeUndefined();
      for (let step = 0; step < 1_000; step++) run.log({ x: step }, { step });
      run.setTags(["late"]);
      down = false;
      await vi.waitFor(() => expect(run.id).toBeDefined(), { timeout: 10_000, interval: 50 });
      await run.finish();
      expect(fs.existsSync(run.spoolPath)).toBe(false);
      expect(await getRun(run.id ?? "")).toMatchObject({ name: "late", status: "finished", tags: ["late"], metrics: [{ key: "x", count: 1_000 }] });
      expect(proxy.seen.filter((r) => r.path === "/api/v1/runs" && r.status === 201)).toHaveLength(1);
      expect(logger.lines).toEqual([
        expect.stringMatching(/^labbook: cannot reach .*; logging goes on offline/),
        expect.stringMatching(/^labbook: the server is back; run created at /),
        expect.stringMatching(/^labbook: reconnected to /),
      ]);
    } finally {
      await proxy.close();
    }
  });

  it("creates the run once when the answer to its creation is lost", async () => {
    const proxy = await startProxy(t.url);
    let lost = 0;
    proxy.decide = ({ path: p }) => (p === "/api/v1/runs" && lost++ === 0 ? { forward: true, fail: 503 } : FORWARD);
    try {
      const run = await labbook.init(options({ project: "lab/lost-answer", name: "once", url: proxy.url, logger: capture() }));
      run.log({ x: 1 });
      await run.finish();
      expect(proxy.seen.filter((r) => r.path === "/api/v1/runs").map((r) => r.status)).toEqual([503, 200]);
      const runs = await t.server.services.database.rows<{ id: string }>(
        sql`select r.id from runs r join projects p on p.id = r.project_id where p.slug = 'lost-answer'`,
      );
      expect(runs).toEqual([{ id: run.id }]);
      expect(await getRun(run.id ?? "")).toMatchObject({ status: "finished", metrics: [{ key: "x", count: 1 }] });
    } finally {
      await proxy.close();
    }
  });

  it("stops uploading when the server refuses the key mid-run, keeps everything in the spool, and sync delivers it", async () => {
    const proxy = await startProxy(t.url);
    proxy.decide = ({ path: p }) => (p.endsWith("/metrics") ? { forward: false, fail: 401 } : FORWARD);
    try {
      const logger = capture();
      const spoolDir = tmp();
      const run = await labbook.init(options({ project: "lab/node", name: "halted", url: proxy.url, spoolDir, logger }));
      for (let step = 0; step < 100; step++) run.log({ x: step }, { step });
      await run.flush();
      run.setTags(["kept"]);
      await run.finish();
      expect(metricPosts(proxy)).toHaveLength(1);
      expect(logger.lines).toEqual([expect.stringMatching(/refused this run \(401 injected 401\); no more uploads .* then run `npx labbook-sync`/), expect.stringMatching(/not everything reached/)]);
      const records = fs
        .readFileSync(run.spoolPath, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { type: string }).type);
      expect(records).toEqual(["run", "metrics", "tags", "status"]);

      const result = await labbook.sync({ dir: spoolDir, url: t.url, apiKey: key });
      expect(result).toMatchObject({ ok: true, files: [{ outcome: "synced", runId: run.id, pointsSent: 100, pointsAccepted: 100 }] });
      expect(await getRun(run.id ?? "")).toMatchObject({ status: "finished", tags: ["kept"], metrics: [{ key: "x", count: 100 }] });
    } finally {
      await proxy.close();
    }
  });

  it("spools when the server is unreachable, finishes promptly, and sync uploads it exactly once", async () => {
    const spoolDir = tmp();
    const logger = capture();
    const started = Date.now();
    const run = await labbook.init({
      project: "lab/offline",
      name: "unreachable",
      config: { lr: 0.1 },
      url: `http://127.0.0.1:${await freePort()}`,
      apiKey: key,
      spoolDir,
      logger,
      captureRepro: false,
      initTimeoutMs: 300,
      finishTimeoutMs: 300,
    });
    expect(run.id).toBeUndefined();
    for (let step = 0; step < 5_000; step++) run.log({ loss: 1 / (step + 1) }, { step });
    await run.finish();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^labbook: cannot reach http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\); logging goes on offline/),
      expect.stringMatching(/^labbook: not everything reached .*; the rest is in .*local-[0-9a-f]{32}\.jsonl\. Upload it with `npx labbook-sync`/),
    ]);
    expect(spoolFiles(spoolDir)).toEqual([path.basename(run.spoolPath)]);
    expect(fs.existsSync(`${run.spoolPath}.lock`)).toBe(false);

    const result = await labbook.sync({ dir: spoolDir, url: t.url, apiKey: key });
    expect(result).toMatchObject({ ok: true, files: [{ outcome: "synced", pointsSent: 5_000, pointsAccepted: 5_000, runId: expect.any(String) }] });
    expect(result.files[0]?.message).toMatch(/^Synced local-.*: 5000 new points \(5000 sent\) to http/);
    expect(spoolFiles(spoolDir)).toEqual([]);
    const id = result.files[0]?.runId ?? "";
    expect(await getRun(id)).toMatchObject({ name: "unreachable", status: "finished", params: { lr: 0.1 }, metrics: [{ key: "loss", count: 5_000 }] });
    expect(await stored(id)).toEqual({ n: 5_000, steps: 5_000, accepted: 5_000, duplicates: 0 });

    expect(await labbook.sync({ dir: spoolDir, url: t.url, apiKey: key })).toEqual({ ok: true, dir: spoolDir, files: [] });
    const [runs] = await t.server.services.database.rows<{ n: number }>(
      sql`select count(*)::int as n from runs r join projects p on p.id = r.project_id where p.slug = 'offline'`,
    );
    expect(runs?.n).toBe(1);
    expect(await stored(id)).toEqual({ n: 5_000, steps: 5_000, accepted: 5_000, duplicates: 0 });
  });

  it("shares its spool format with the Python client: each syncs the other's files", async () => {
    const pythonEnv = (spoolDir: string) => ({
      PYTHONPATH: path.join(repoRoot, "clients/python"),
      PYTHONDONTWRITEBYTECODE: "1",
      LABBOOK_URL: t.url,
      LABBOOK_API_KEY: key,
      LABBOOK_SPOOL_DIR: spoolDir,
    });
    const python = (args: string[], env: Record<string, string>) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn("python3", args, { cwd: work, env: { ...process.env, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });

    // Node writes (offline mode), Python uploads.
    const fromNode = tmp();
    const logger = capture();
    const run = await labbook.init(options({ project: "lab/interop", name: "from-node", mode: "offline", spoolDir: fromNode, logger, config: { nan: NaN }, tags: ["n"] }));
    [0.5, NaN, -Infinity].forEach((v, step) => run.log({ v }, { step }));
    run.logParams({ later: true });
    await run.finish();
    expect(logger.lines).toEqual([expect.stringMatching(/^labbook: offline run saved to .*; upload it with `npx labbook-sync`$/)]);
    const py = await python(["-m", "labbook", "sync"], pythonEnv(fromNode));
    expect(py.code, py.stdout + py.stderr).toBe(0);
    expect(py.stdout).toMatch(/^Synced local-[0-9a-f]{32}\.jsonl: 3 new points \(3 sent\)/);

    // Python writes (offline mode), Node uploads.
    const fromPython = tmp();
    const written = await python(
      ["-c", 'import labbook\nrun = labbook.init(project="lab/interop", name="from-python", mode="offline", tags=["p"], capture_repro=False)\nfor s in range(3): run.log({"v": float(s)}, step=s)\nrun.finish()'],
      pythonEnv(fromPython),
    );
    expect(written.code, written.stderr).toBe(0);
    const result = await labbook.sync({ dir: fromPython, url: t.url, apiKey: key });
    expect(result).toMatchObject({ ok: true, files: [{ outcome: "synced", pointsAccepted: 3, pointsSent: 3 }] });

    const runs = await t.server.services.database.rows<{ id: string; name: string }>(
      sql`select r.id, r.name from runs r join projects p on p.id = r.project_id where p.slug = 'interop' order by r.name`,
    );
    expect(runs.map((r) => r.name)).toEqual(["from-node", "from-python"]);
    const [fromNodeRun, fromPythonRun] = await Promise.all(runs.map((r) => getRun(r.id)));
    expect(fromNodeRun).toMatchObject({ status: "finished", params: { nan: "NaN", later: true }, tags: ["n"], metrics: [{ key: "v", count: 3, min: "-Infinity", max: 0.5 }] });
    expect(fromPythonRun).toMatchObject({ status: "finished", tags: ["p"], metrics: [{ key: "v", count: 3 }] });
  });

  describe("the uploader", () => {
    const started = async (name: string) => {
      const res = await t.request<{ id: string; url: string }>("/api/v1/runs", { key, body: { project: "lab/node", name } });
      expect(res.status).toBe(201);
      return res.body;
    };
    const make = (proxy: Proxy, run: { id: string; url: string }, extra: Partial<ConstructorParameters<typeof Uploader>[3]> = {}) => {
      const ref = new RunRef({ id: run.id, url: run.url });
      const logger = prefixed(capture());
      const spool = new Spool(path.join(tmp(), `${run.id}.jsonl`), () => headerRecord(proxy.url, { project: "lab/node", params: {}, tags: [], repro: {} }, ref.id, ref.url), logger);
      const uploader = new Uploader(new Transport(proxy.url, key), ref, spool, { logger, ...extra });
      uploader.start();
      return uploader;
    };

    it("sends heartbeats while nothing is logged", async () => {
      const proxy = await startProxy(t.url);
      try {
        const run = await started("heartbeat");
        const uploader = make(proxy, run, { heartbeatIntervalMs: 100 });
        await vi.waitFor(() => expect(proxy.seen.filter((r) => r.path.endsWith("/heartbeat") && r.status === 204).length).toBeGreaterThanOrEqual(2), {
          timeout: 5_000,
          interval: 20,
        });
        await uploader.close();
      } finally {
        await proxy.close();
      }
    });

    it("keeps memory bounded while the server is slow: points go to the spool, then land once", async () => {
      const proxy = await startProxy(t.url);
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      proxy.decide = () => ({ forward: true, hold: gate });
      try {
        const run = await started("slow");
        const uploader = make(proxy, run, { maxQueuePoints: 1_000 });
        const point = (step: number): Point => ({ key: "x", step, value: step, ts: Date.now() });
        uploader.putPoints([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(point));
        await vi.waitFor(() => expect(uploader.queuedPoints).toBe(10), { timeout: 5_000, interval: 10 }); // the first batch is in flight, held
        for (let step = 10; step < 5_010; step++) uploader.putPoints([point(step)]);
        expect(uploader.queuedPoints).toBeLessThanOrEqual(1_010);
        expect(fs.existsSync(uploader.spool.path)).toBe(true);
        release();
        await uploader.close();
        expect(fs.existsSync(uploader.spool.path)).toBe(false);
        expect(await stored(run.id)).toEqual({ n: 5_010, steps: 5_010, accepted: 5_010, duplicates: 0 });
      } finally {
        release();
        await proxy.close();
      }
    });
  });

  describe("in a child process (the package built with tsc, run by plain node)", () => {
    const env = (spoolDir: string) => ({ LABBOOK_URL: t.url, LABBOOK_API_KEY: key, LABBOOK_SPOOL_DIR: spoolDir });
    const syncBin = async () => path.join(await built, "dist/bin/labbook-sync.js");

    it("builds an ESM package with types", async () => {
      const pkg = await built;
      expect(fs.existsSync(path.join(pkg, "dist/index.d.ts"))).toBe(true);
      const manifest = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")) as { type: string; exports: Record<string, { types: string }>; dependencies?: unknown };
      expect(manifest).toMatchObject({ type: "module", exports: { ".": { types: "./dist/index.d.ts" } } });
      expect(manifest.dependencies).toBeUndefined();
      const help = await runNode([await syncBin(), "--help"], { cwd: work, env: {} });
      expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage: labbook-sync") });
    });

    it("records git, command and packages in repro, and finishes the run when the script ends without finish()", async () => {
      const pkg = await built;
      const repo = fs.mkdtempSync(path.join(work, "repo-"));
      const git = (...args: string[]) => {
        const res = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
        expect(res.status, res.stderr).toBe(0);
        return res.stdout.trim();
      };
      git("init", "-q", "-b", "main");
      git("config", "user.email", "ci@example.com");
      git("config", "user.name", "CI");
      git("remote", "add", "origin", "https://ci:secret@example.com/lab/train.git");
      fs.writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "train", type: "module", dependencies: { "labbook-client": "^0.1.0", absent: "^1.2.3" } }));
      fs.writeFileSync(path.join(repo, "train.mjs"), "// v1\n");
      git("add", ".");
      git("commit", "-q", "-m", "init");
      const commit = git("rev-parse", "HEAD");
      fs.mkdirSync(path.join(repo, "node_modules"));
      fs.symlinkSync(pkg, path.join(repo, "node_modules", "labbook-client"));
      fs.appendFileSync(
        path.join(repo, "train.mjs"),
        `// uncommitted change
import labbook from "labbook-client";
const run = await labbook.init({ project: "lab/node", name: "child", config: { lr: 0.1 }, seed: 42 });
console.log(JSON.stringify({ id: run.id }));
for (let step = 0; step < 100; step++) run.log({ x: step }, { step });
// No finish(): the run is finished when the event loop empties.
`,
      );
      const spoolDir = tmp();
      const res = await runNode([path.join(repo, "train.mjs"), "--epochs", "3"], { cwd: repo, env: env(spoolDir) });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toBe("");
      const [{ id = "" } = {}] = res.json<{ id?: string }>();
      const view = await getRun(id);
      expect(view).toMatchObject({ status: "finished", params: { lr: 0.1 }, metrics: [{ key: "x", count: 100 }] });
      expect(view.repro).toMatchObject({
        git: { commit, branch: "main", dirty: true, remote: "https://example.com/lab/train.git" },
        seed: 42,
        command: [process.execPath, path.join(repo, "train.mjs"), "--epochs", "3"],
        runtime: { name: "node", version: process.versions.node },
        packages: { absent: "^1.2.3", "labbook-client": "0.1.0" },
        hardware: { cpus: expect.any(Number) },
      });
      expect(fs.realpathSync(view.repro.cwd ?? "")).toBe(fs.realpathSync(repo));
      expect(view.repro.git?.diff).toContain("+// uncommitted change");
      expect(spoolFiles(spoolDir)).toEqual([]);
    });

    it("saves what is in memory when the process exits early, and labbook-sync finishes the run", async () => {
      await built;
      const spoolDir = tmp();
      const file = path.join(work, "exit-early.mjs");
      fs.writeFileSync(
        file,
        `import labbook from "labbook-client";
const run = await labbook.init({ project: "lab/node", name: "exited" });
console.log(JSON.stringify({ id: run.id }));
for (let step = 0; step < 2500; step++) run.log({ x: step }, { step });
process.exit(3);
`,
      );
      const res = await runNode([file], { cwd: work, env: env(spoolDir) });
      expect(res.code).toBe(3);
      const [{ id = "" } = {}] = res.json<{ id?: string }>();
      expect(res.stderr).toMatch(/labbook: the process exited before the run finished; the rest is in .*\.jsonl\. Upload it with `npx labbook-sync`/);
      expect(spoolFiles(spoolDir)).toEqual([`${id}.jsonl`]);
      expect(await count(id, "x")).toBe(0);

      const synced = await runNode([await syncBin()], { cwd: work, env: env(spoolDir) });
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.stdout).toMatch(new RegExp(`^Synced ${id}\\.jsonl: 2500 new points \\(2500 sent\\) to ${t.url}/lab/node/runs/${id}\\n$`));
      expect(await getRun(id)).toMatchObject({ status: "failed", metrics: [{ key: "x", count: 2_500 }] });
      const again = await runNode([await syncBin()], { cwd: work, env: env(spoolDir) });
      expect(again).toMatchObject({ code: 0, stdout: `Nothing to sync in ${spoolDir}\n` });
    });

    it("installs no signal handlers unless asked; with handleSignals, SIGTERM finishes the run as killed and still ends the process", async () => {
      await built;
      const file = path.join(work, "signals.mjs");
      fs.writeFileSync(
        file,
        `import labbook from "labbook-client";
const handleSignals = process.argv[2] === "handle";
const run = await labbook.init({ project: "lab/node", name: "signalled", handleSignals });
for (let step = 0; step < 500; step++) run.log({ x: step }, { step });
console.log(JSON.stringify({ id: run.id, listeners: process.listenerCount("SIGTERM") + process.listenerCount("SIGINT") }));
setInterval(() => {}, 1000);
`,
      );
      const signalled = async (mode: string) => {
        const child = startNode([file, mode], { cwd: work, env: env(tmp()) });
        await vi.waitFor(() => expect(child.output()).toContain('"id"'), { timeout: 30_000, interval: 20 });
        child.child.kill("SIGTERM");
        const res = await child.done;
        const [out = {}] = res.json<{ id?: string; listeners?: number }>();
        return { ...out, signal: child.child.signalCode, stderr: res.stderr };
      };
      const [plain, handled] = await Promise.all([signalled("plain"), signalled("handle")]);
      expect(plain).toMatchObject({ listeners: 0, signal: "SIGTERM", stderr: "" });
      expect((await getRun(plain.id ?? "")).status).toBe("running");
      expect(handled).toMatchObject({ listeners: 2, signal: "SIGTERM", stderr: "" });
      expect(await getRun(handled.id ?? "")).toMatchObject({ status: "killed", metrics: [{ key: "x", count: 500 }] });
    });

    it("leaves a spool when killed with SIGKILL during an outage; labbook-sync completes it without duplicates", async () => {
      await built;
      const proxy = await startProxy(t.url);
      try {
        const spoolDir = tmp();
        const go = path.join(work, "go");
        const total = 3_000;
        const before = 1_000;
        const file = path.join(work, "killed.mjs");
        fs.writeFileSync(
          file,
          `import fs from "node:fs";
import labbook from "labbook-client";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = await labbook.init({ project: "lab/node", name: "killed" });
console.log(JSON.stringify({ id: run.id }));
for (let step = 0; step < ${total}; step++) {
  if (step === ${before}) {
    await run.flush();
    console.log(JSON.stringify({ phase: "online" }));
    while (!fs.existsSync(${JSON.stringify(go)})) await sleep(20);
  }
  run.log({ x: step }, { step });
  if (step % 100 === 99) await sleep(30);
}
await run.flush();
console.log(JSON.stringify({ phase: "spooled" }));
setInterval(() => {}, 1000);
`,
        );
        const child = startNode([file], { cwd: work, env: { ...env(spoolDir), LABBOOK_URL: proxy.url, LABBOOK_RETRY_MAX_SECONDS: "0.5" } });
        await vi.waitFor(() => expect(child.output()).toContain('"phase":"online"'), { timeout: 30_000, interval: 20 });
        const [{ id = "" } = {}] = jsonLines<{ id?: string }>(child.output());
        expect(await count(id, "x")).toBe(before);

        // The outage: the first two metric requests are committed but answered 503, the rest refused.
        let outage = 0;
        proxy.decide = ({ path: p }) => (p.endsWith("/metrics") && outage++ < 2 ? { forward: true, fail: 503 } : { forward: false, fail: 503 });
        fs.writeFileSync(go, "");
        await vi.waitFor(() => expect(child.output()).toContain('"phase":"spooled"'), { timeout: 30_000, interval: 20 });
        child.child.kill("SIGKILL");
        const died = await child.done;
        expect(died.code).toBeNull();
        expect(died.stderr).toMatch(/labbook: cannot reach/);
        expect(outage).toBeGreaterThanOrEqual(2);
        const committedDuringOutage = (await count(id, "x")) - before;
        expect(committedDuringOutage).toBeGreaterThan(0);
        expect(spoolFiles(spoolDir)).toEqual([`${id}.jsonl`]);
        expect(fs.existsSync(path.join(spoolDir, `${id}.jsonl.lock`))).toBe(true); // stale: its process is gone

        const synced = await runNode([await syncBin(), "--url", t.url], { cwd: work, env: env(spoolDir) });
        expect(synced.code, synced.stdout + synced.stderr).toBe(0);
        expect(synced.stdout).toBe(`Synced ${id}.jsonl: ${total - before - committedDuringOutage} new points (${total - before} sent) to ${t.url}/lab/node/runs/${id}\n`);
        expect(spoolFiles(spoolDir)).toEqual([]);
        expect(await stored(id)).toEqual({ n: total, steps: total, accepted: total, duplicates: 0 });
        // Nothing said how it ended: it stays running until silence shows it as crashed.
        expect((await getRun(id)).status).toBe("running");

        const again = await runNode([await syncBin(), "--url", t.url], { cwd: work, env: env(spoolDir) });
        expect(again).toMatchObject({ code: 0, stdout: `Nothing to sync in ${spoolDir}\n` });
        expect(await stored(id)).toEqual({ n: total, steps: total, accepted: total, duplicates: 0 });
      } finally {
        await proxy.close();
      }
    });
  });
});
