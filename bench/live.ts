// Live benchmark: --runs runs stream metrics over HTTP into a Labbook server (real ingestion,
// bus, coalescing fan-out) while --procs processes hold --clients socket.io subscribers in
// all, each subscribed to every run. Then the same load goes through a bare socket.io server
// that emits each batch with `io.to(room).emit` as it is produced. Latency: commit (the bus
// message's committedAt) → receipt for Labbook, send → receipt for the baseline.
// Usage: npm run bench:live [-- --runs 10 --clients 200 --watch 10 --procs 4 --keys 4 --steps 10 --hz 5 --seconds 10 --database pglite|postgres]
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { Server } from "socket.io";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    clients: { type: "string", default: "200" },
    watch: { type: "string", default: "" },
    procs: { type: "string", default: "4" },
    keys: { type: "string", default: "4" },
    steps: { type: "string", default: "10" },
    hz: { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    database: { type: "string", default: process.env.DATABASE_URL || fs.existsSync("/var/run/postgresql") ? "postgres" : "pglite" },
  },
});
const runCount = Number(flags.runs);
const clientCount = Number(flags.clients);
const procCount = Number(flags.procs);
/** Runs each subscriber follows: all of them (a compare page of every run) unless --watch says fewer. */
const watchCount = Math.min(runCount, Number(flags.watch || flags.runs));
const keys = Array.from({ length: Number(flags.keys) }, (_, i) => `metric/${i}`);
const stepsPerBatch = Number(flags.steps);
const hz = Number(flags.hz);
const seconds = Number(flags.seconds);
const kind = flags.database === "pglite" ? "pglite" : "postgres";
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const WARMUP_MS = 1_500;
const DRAIN_MS = 1_500;
const say = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Result {
  points: number;
  events: number;
  buckets: [number, number][];
  unmatched: number;
}

interface Phase {
  p50: number;
  p99: number;
  max: number;
  deliveriesPerS: number;
  eventsPerS: number;
  offeredPointsPerS: number;
  unmatched: number;
}

function percentile(buckets: Map<number, number>, q: number): number {
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  let seen = 0;
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(bucket) ?? 0;
    if (seen >= q * total) return (bucket + 1) * 0.1;
  }
  return NaN;
}

/** Forks the subscriber processes and resolves once all of them are subscribed. */
function startSubscribers(mode: "labbook" | "baseline", url: string, token: string, runIds: string[]): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: procCount }, (_, i) => {
      const share = Math.floor(clientCount / procCount) + (i < clientCount % procCount ? 1 : 0);
      const firstClient = i * Math.floor(clientCount / procCount) + Math.min(i, clientCount % procCount);
      return forkReady("bench/live-subscriber.ts", [mode, url, token, String(share), runIds.join(","), String(watchCount), String(firstClient)]);
    }),
  );
}

async function collect(children: ChildProcess[], window: Window): Promise<Result[]> {
  const results = children.map(
    (child) =>
      new Promise<Result>((resolve) => {
        child.removeAllListeners("exit");
        child.on("message", (m: Result & { type: string }) => m.type === "result" && resolve(m));
      }),
  );
  for (const child of children) child.send({ type: "stop", fromStep: window.fromStep, toStep: window.toStep });
  return Promise.all(results);
}

/** Forks a helper process and resolves once it reports ready. */
async function forkReady(file: string, args: string[]): Promise<ChildProcess> {
  const child = fork(path.join(root, file), args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code, signal) => reject(new Error(`${file} exited with ${code ?? signal}`)));
  });
  child.on("exit", (code, signal) => code !== 0 && signal !== "SIGTERM" && process.stderr.write(`${file} exited early with ${code ?? signal}\n`));
  return child;
}

/** The steps produced in the measured window, and how many points they make. */
interface Window {
  fromStep: number;
  toStep: number;
  offered: number;
}

/**
 * Streams for the measured window: `produce` starts the load (a writer process, or the
 * baseline's own timer), `begin` opens the window and `finish` stops the load and closes it.
 * Every subscriber then counts the points of the window's steps it heard.
 */
async function measure(children: ChildProcess[], hooks: { produce(): void; begin(): void; finish(): Promise<Window> }): Promise<Phase> {
  hooks.produce();
  await sleep(WARMUP_MS);
  hooks.begin();
  for (const child of children) child.send({ type: "start" });
  const started = performance.now();
  await sleep(seconds * 1000);
  const ms = performance.now() - started;
  const window = await hooks.finish();
  await sleep(DRAIN_MS);
  return summarize(await collect(children, window), ms, window.offered);
}

function summarize(results: Result[], ms: number, offered: number): Phase {
  const buckets = new Map<number, number>();
  for (const r of results) for (const [b, n] of r.buckets) buckets.set(b, (buckets.get(b) ?? 0) + n);
  const points = results.reduce((n, r) => n + r.points, 0);
  return {
    p50: percentile(buckets, 0.5),
    p99: percentile(buckets, 0.99),
    max: percentile(buckets, 1),
    deliveriesPerS: points / (ms / 1000),
    eventsPerS: results.reduce((n, r) => n + r.events, 0) / (ms / 1000),
    offeredPointsPerS: offered / (ms / 1000),
    unmatched: results.reduce((n, r) => n + r.unmatched, 0),
  };
}

const batchOf = (firstStep: number) => keys.map((key) => ({ key, steps: Array.from({ length: stepsPerBatch }, (_, i) => firstStep + i), values: Array.from({ length: stepsPerBatch }, () => Math.random()) }));

async function labbookPhase(): Promise<Phase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-bench-live-"));
  let dbName: string | undefined;
  const source: Record<string, string | undefined> = { ...process.env, LABBOOK_DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", DATABASE_URL: undefined, REDIS_URL: undefined };
  if (kind === "postgres") {
    dbName = `labbook_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    source.DATABASE_URL = u.toString();
  }
  // Imported here so that the logger, created on import, sees LOG_LEVEL.
  process.env.LOG_LEVEL ??= "warn";
  const [{ createApiKey }, { users }, { loadEnv }, { createWorkspace }, { startServer }] = await Promise.all([
    import("../lib/api-keys/create-api-key"),
    import("../lib/db/schema"),
    import("../lib/env"),
    import("../lib/workspaces/create-workspace"),
    import("../server/index"),
  ]);
  const server = await startServer({ env: loadEnv(source), ui: false });
  // The server loads its authentication module right after listening; not during the window.
  await server.services.auth();
  let children: ChildProcess[] = [];
  try {
    const db = server.services.database.db;
    const userId = randomUUID();
    await db.insert(users).values({ id: userId, email: "bench@example.com", name: "Bench" });
    await createWorkspace(db, { slug: "bench", name: "Bench", ownerId: userId });
    const { key } = await createApiKey(db, { userId, name: "bench" });
    const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const runIds: string[] = [];
    for (let r = 0; r < runCount; r++) {
      const res = await fetch(`${server.url}/api/v1/runs`, { method: "POST", headers, body: JSON.stringify({ project: "bench/live", name: `run-${r}` }) });
      runIds.push(((await res.json()) as { id: string }).id);
    }
    children = await startSubscribers("labbook", server.url, key, runIds);
    const subscribers = [...children];
    // Commit times reach the subscriber processes over IPC, in batches.
    let pending: [string, number, number, number][] = [];
    const unsubscribe = server.services.bus.subscribe((m) => {
      if (m.type === "points") pending.push([`${m.event.runId}/${m.event.key}`, m.event.steps[0] ?? 0, m.event.steps.at(-1) ?? 0, m.committedAt]);
    });
    const relay = setInterval(() => {
      if (pending.length === 0) return;
      for (const child of subscribers) child.send({ type: "commits", items: pending });
      pending = [];
    }, 5);
    const writer = await forkReady("bench/live-writer.ts", [server.url, key, runIds.join(","), String(keys.length), String(stepsPerBatch), String(hz)]);
    children.push(writer);
    try {
      return await measure(subscribers, {
        produce: () => writer.send({ type: "go" }),
        begin: () => writer.send({ type: "start" }),
        finish: () =>
          new Promise<Window>((resolve) => {
            writer.removeAllListeners("exit");
            writer.on("message", (m: Window & { type: string }) => {
              if (m.type !== "result") return;
              // The last commit times must reach the subscribers before they are asked to count.
              for (const child of subscribers) child.send({ type: "commits", items: pending });
              pending = [];
              resolve(m);
            });
            writer.send({ type: "stop" });
          }),
      });
    } finally {
      clearInterval(relay);
      unsubscribe();
    }
  } finally {
    for (const child of children) child.kill();
    await server.close();
    if (dbName) {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function baselinePhase(): Promise<Phase> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { serveClient: false, transports: ["websocket"] });
  io.on("connection", (socket) => {
    socket.on("subscribe", (payload: { runId: string }, ack: (a: unknown) => void) => {
      void socket.join(payload.runId);
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const address = httpServer.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const runIds = Array.from({ length: runCount }, () => randomUUID());
  let children: ChildProcess[] = [];
  try {
    children = await startSubscribers("baseline", url, "none", runIds);
    let step = 0;
    let fromStep = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      const first = step;
      step += stepsPerBatch;
      for (const runId of runIds) {
        const timestamps = Array.from({ length: stepsPerBatch }, () => new Date().toISOString());
        for (const series of batchOf(first)) io.to(runId).emit("points", { runId, key: series.key, steps: series.steps, values: series.values, timestamps, sentAt: Date.now() });
      }
    };
    return await measure(children, {
      produce: () => (timer = setInterval(tick, 1000 / hz)),
      begin: () => (fromStep = step),
      finish: () => {
        clearInterval(timer);
        return Promise.resolve({ fromStep, toStep: step - 1, offered: (step - fromStep) * runCount * keys.length });
      },
    });
  } finally {
    for (const child of children) child.kill();
    await io.close();
  }
}

async function main(): Promise<void> {
  say(`bench:live — ${runCount} runs × ${keys.length} keys × ${stepsPerBatch} steps at ${hz} Hz, ${clientCount} subscribers in ${procCount} processes, each on ${watchCount === runCount ? "every run" : `${watchCount} run${watchCount > 1 ? "s" : ""}`}; ${seconds} s measured; database ${kind}`);
  const labbook = await labbookPhase();
  const show = (name: string, p: Phase) =>
    say(
      `${name.padEnd(9)} latency p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(1)} ms; ` +
        `${Math.round(p.deliveriesPerS).toLocaleString("en")} point deliveries/s in ${Math.round(p.eventsPerS).toLocaleString("en")} events/s ` +
        `(offered ${Math.round(p.offeredPointsPerS).toLocaleString("en")} points/s to ${(clientCount * watchCount) / runCount} subscribers per run)` +
        (p.unmatched ? `; ${p.unmatched} points without a commit record` : ""),
    );
  show("labbook", labbook);
  const baseline = await baselinePhase();
  show("baseline", baseline);
  const ratio = labbook.deliveriesPerS / baseline.deliveriesPerS;
  say(
    JSON.stringify({
      p50_ms: Number(labbook.p50.toFixed(1)),
      p99_ms: Number(labbook.p99.toFixed(1)),
      deliveries_per_s: Math.round(labbook.deliveriesPerS),
      baseline_deliveries_per_s: Math.round(baseline.deliveriesPerS),
      ratio: Number(ratio.toFixed(3)),
      baseline_p50_ms: Number(baseline.p50.toFixed(1)),
      baseline_p99_ms: Number(baseline.p99.toFixed(1)),
      events_per_s: Math.round(labbook.eventsPerS),
      baseline_events_per_s: Math.round(baseline.eventsPerS),
      database: kind,
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
