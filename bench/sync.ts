// Sync benchmark: --clients raw y-websocket clients spread over --procs processes join one
// notebook; --writers of them type --hz edits per second for --seconds; every other client
// times each edit from send to receipt. The same load runs against Labbook's collaboration
// server (auth, persistence, acks) and the y-websocket reference server
// (@y/websocket-server 0.1.1: no auth, no persistence) in the same run.
// Usage: npm run bench:sync [-- --database postgres|pglite --clients 100 --procs 4 --writers 10 --hz 5 --seconds 10 --rounds 5]
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import WebSocket from "ws";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    database: { type: "string", default: process.env.DATABASE_URL || fs.existsSync("/var/run/postgresql") ? "postgres" : "pglite" },
    clients: { type: "string", default: "100" },
    procs: { type: "string", default: "4" },
    writers: { type: "string", default: "10" },
    hz: { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "5" },
  },
});
const clients = Number(flags.clients);
const procs = Number(flags.procs);
const writers = Number(flags.writers);
const hz = Number(flags.hz);
const seconds = Number(flags.seconds);
const rounds = Number(flags.rounds);
const kind = flags.database === "pglite" ? "pglite" : "postgres";
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const say = (s: string) => process.stdout.write(`${s}\n`);

/** CPU seconds (user + system) of a process so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Runs a full garbage collection in a server started with `--inspect` (through the inspector
 * protocol), so that memory figures count what the server keeps, not garbage it has not
 * collected yet.
 */
async function collectGarbage(inspectorUrl: string): Promise<void> {
  const ws = new WebSocket(inspectorUrl);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  for (let id = 1; id <= 2; id++) {
    const done = new Promise<void>((resolve) => ws.on("message", (data: Buffer) => (JSON.parse(data.toString()) as { id?: number }).id === id && resolve()));
    ws.send(JSON.stringify({ id, method: "HeapProfiler.collectGarbage" }));
    await done;
  }
  ws.close();
  await new Promise((r) => setTimeout(r, 300));
}

/** The inspector's WebSocket address, from the "Debugger listening on" line a process prints. */
function inspectorAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      const match = /Debugger listening on (ws:\/\/\S+)/.exec(err);
      if (match?.[1]) resolve(match[1]);
    });
  });
}

/** Resident memory of a process in KiB. */
function rssKiB(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0);
}

function run(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "bin/labbook.mjs"), ...args], { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  inspector: Promise<string>;
}

function startLabbook(env: Record<string, string>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--inspect=127.0.0.1:0", path.join(root, "bin/labbook.mjs"), "serve", "--no-ui", "--port", "0", "--host", "127.0.0.1"], {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const inspector = inspectorAddress(child);
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], inspector });
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
}

function startReference(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(root, "bench/sync-reference.ts"), [], {
      execArgv: ["--import", "tsx", "--inspect=127.0.0.1:0"],
      stdio: ["ignore", "inherit", "pipe", "ipc"],
    });
    const inspector = inspectorAddress(child);
    child.once("message", (m: { port: number }) => resolve({ child, url: `http://127.0.0.1:${m.port}`, inspector }));
    child.on("exit", (code) => reject(new Error(`reference server exited ${code}`)));
  });
}

/**
 * Client processes run SCHED_BATCH (util-linux `chrt`) when it is there: the load generators
 * share the machine's CPUs with the server under test, and woken for every frame they would
 * otherwise preempt it in the middle of its fan-out — which remote clients never do.
 */
const batchClients = spawnSync("chrt", ["--batch", "0", "true"]).status === 0;

function forkClients(roomUrl: string, count: number, writing: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ["--import", "tsx", path.join(root, "bench/sync-client.ts"), roomUrl, String(count), String(writing), String(hz)];
    const [command, ...rest] = batchClients ? ["chrt", "--batch", "0", process.execPath, ...args] : [process.execPath, ...args];
    const child = spawn(command, rest, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`client process exited ${code}`)));
  });
}

/** Seconds of untimed edits before each measurement. */
const WARMUP_SECONDS = 2;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Figures {
  p50_ms: number;
  p99_ms: number;
  deliveries: number;
  server_cpu_s: number;
  rss_per_client_kib: number;
}

/** One round's figures and its latencies (sorted), which the summary pools over rounds. */
type Round = Figures & { latencies: number[] };

/** Connects the clients, measures memory, runs the edits, measures CPU and latency. */
async function measure(server: Server, roomUrl: string): Promise<Round> {
  const serverPid = server.child.pid ?? 0;
  const inspector = await server.inspector;
  const warm = await forkClients(roomUrl, 1, 0); // loads the document before the baseline memory figure
  await collectGarbage(inspector);
  const rssBefore = rssKiB(serverPid);
  const children: ChildProcess[] = [];
  for (let p = 0; p < procs; p++) {
    const share = Math.floor(clients / procs) + (p < clients % procs ? 1 : 0);
    const writing = Math.floor(writers / procs) + (p < writers % procs ? 1 : 0);
    children.push(await forkClients(roomUrl, share, writing));
  }
  await collectGarbage(inspector);
  const rssAfter = rssKiB(serverPid);
  // A warm-up of the same edits, not timed: both servers' hot paths are compiled before measuring.
  for (const child of children) child.send({ type: "edit", seconds: WARMUP_SECONDS });
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000 + 1_000));
  for (const child of [...children, warm]) child.send({ type: "reset" });
  const cpuBefore = cpuSeconds(serverPid);
  for (const child of children) child.send({ type: "edit", seconds });
  await new Promise((r) => setTimeout(r, seconds * 1000 + 1_500));
  const cpuAfter = cpuSeconds(serverPid);
  const results = await Promise.all(
    [...children, warm].map(
      (child) =>
        new Promise<number[]>((resolve) => {
          child.once("message", (m: { latencies: number[] }) => resolve(m.latencies));
          child.send({ type: "report" });
        }),
    ),
  );
  const latencies = results.flat().sort((a, b) => a - b);
  return {
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    deliveries: latencies.length,
    server_cpu_s: Number((cpuAfter - cpuBefore).toFixed(2)),
    rss_per_client_kib: Number(((rssAfter - rssBefore) / clients).toFixed(1)),
    latencies,
  };
}

/**
 * The summary of several rounds: latency percentiles over every delivery of every round (the
 * tail of one 10 s round is a handful of edits; pooled, it is a few dozen), server CPU and RSS
 * per client the median of the rounds.
 */
function summarize(runs: Round[]): Figures {
  const median = (pick: (f: Figures) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : Number((((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2).toFixed(2));
  };
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p99_ms: Number(percentile(latencies, 99).toFixed(2)),
    deliveries: latencies.length,
    server_cpu_s: median((f) => f.server_cpu_s),
    rss_per_client_kib: median((f) => f.rss_per_client_kib),
  };
}

function show(label: string, f: Figures) {
  say(`${label}: fan-out p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms over ${f.deliveries} deliveries; server CPU ${f.server_cpu_s} s; RSS ${f.rss_per_client_kib} KiB per client`);
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-bench-"));
  const env: Record<string, string> = { LABBOOK_DATA_DIR: dataDir, HOST: "127.0.0.1" };
  let dbName: string | undefined;
  if (kind === "postgres") {
    dbName = `labbook_bench_${randomBytes(4).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${dbName}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  }
  try {
    await run(["user", "create", "--email", "bench@example.com", "--password", "benchmark"], env);
    await run(["workspace", "create", "--slug", "bench", "--name", "Bench", "--owner", "bench@example.com"], env);
    await run(["project", "create", "--workspace", "bench", "--slug", "sync"], env);
    const key = (await run(["apikey", "create", "--email", "bench@example.com"], env)).trim().split("\n").at(-1) ?? "";
    say(`bench:sync — ${clients} clients in ${procs} processes, ${writers} writers × ${hz} edits/s for ${seconds} s, database ${kind}; clients ${batchClients ? "SCHED_BATCH" : "normally scheduled (no chrt)"}`);

    const runLabbook = async () => {
      const labbook = await startLabbook(env);
      try {
        const created = await fetch(`${labbook.url}/api/v1/notebooks`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ project: "bench/sync", title: "bench" }),
        });
        const { id } = (await created.json()) as { id: string };
        return await measure(labbook, `${labbook.url.replace("http", "ws")}/ws/yjs/${id}?token=${key}`);
      } finally {
        labbook.child.kill("SIGTERM");
        await new Promise((r) => labbook.child.once("exit", r));
      }
    };
    const runReference = async () => {
      const reference = await startReference();
      try {
        return await measure(reference, `${reference.url.replace("http", "ws")}/bench-room`);
      } finally {
        reference.child.kill("SIGTERM");
        await new Promise((r) => reference.child.once("exit", r));
      }
    };
    // Rounds alternate which server goes first, so a change in the machine's load hits both.
    const oursRuns: Round[] = [];
    const baselineRuns: Round[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const which of round % 2 === 0 ? ["labbook", "reference"] : ["reference", "labbook"]) {
        const figures = which === "labbook" ? await runLabbook() : await runReference();
        (which === "labbook" ? oursRuns : baselineRuns).push(figures);
        show(which === "labbook" ? "labbook" : "@y/websocket-server 0.1.1", figures);
      }
    }
    const ours = summarize(oursRuns);
    const baseline = summarize(baselineRuns);
    if (rounds > 1) {
      show(`labbook, ${rounds} rounds`, ours);
      show(`@y/websocket-server 0.1.1, ${rounds} rounds`, baseline);
    }

    const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toFixed(2)) : null);
    say(
      JSON.stringify({
        labbook: ours,
        reference: baseline,
        ratios: {
          p50: ratio(ours.p50_ms, baseline.p50_ms),
          p99: ratio(ours.p99_ms, baseline.p99_ms),
          server_cpu: ratio(ours.server_cpu_s, baseline.server_cpu_s),
          rss_per_client: ratio(ours.rss_per_client_kib, baseline.rss_per_client_kib),
        },
        clients,
        rounds,
        database: kind,
      }),
    );
  } finally {
    if (dbName) {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
