// Ingest benchmark: client processes post metric batches over HTTP to a fresh Labbook
// server, then a baseline COPYs the same number of points straight into the same table.
// Usage: npm run bench:ingest [-- --database postgres|pglite --clients 2 --batches 20 --points 20000]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import postgres from "postgres";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    database: { type: "string", default: process.env.DATABASE_URL || fs.existsSync("/var/run/postgresql") ? "postgres" : "pglite" },
    clients: { type: "string", default: "2" },
    batches: { type: "string", default: "20" },
    points: { type: "string", default: "20000" },
    keys: { type: "string", default: "4" },
  },
});
const clients = Number(flags.clients);
const batches = Number(flags.batches);
const pointsPerBatch = Number(flags.points);
const keyCount = Number(flags.keys);
const kind = flags.database === "pglite" ? "pglite" : "postgres";
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const say = (s: string) => process.stdout.write(`${s}\n`);

function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

/** CPU seconds used so far by the server process and by all PostgreSQL processes (Linux /proc). */
function cpuSeconds(serverPid: number | undefined): { server: number; postgres: number } {
  const ticks = 100; // USER_HZ
  const read = (pid: string) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), cpu: (Number(fields[11]) + Number(fields[12])) / ticks };
    } catch {
      return undefined;
    }
  };
  let postgresCpu = 0;
  for (const pid of fs.existsSync("/proc") ? fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p)) : []) {
    const proc = read(pid);
    if (proc?.comm.startsWith("postgres")) postgresCpu += proc.cpu;
  }
  return { server: (serverPid && read(String(serverPid))?.cpu) || 0, postgres: postgresCpu };
}

const cli = (args: string[], env: Record<string, string>) => run(process.execPath, [path.join(root, "bin/labbook.mjs"), ...args], env);

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
    await cli(["user", "create", "--email", "bench@example.com", "--password", "benchmark"], env);
    await cli(["workspace", "create", "--slug", "bench", "--name", "Bench", "--owner", "bench@example.com"], env);
    const key = (await cli(["apikey", "create", "--email", "bench@example.com"], env)).trim().split("\n").at(-1) ?? "";

    const server = spawn(process.execPath, [path.join(root, "bin/labbook.mjs"), "serve", "--no-ui", "--port", "0"], { env: { ...process.env, LOG_LEVEL: "warn", ...env } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
    });
    const api = async (p: string, body: unknown) => {
      const r = await fetch(`${url}/api/v1${p}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { id: string };
    };
    const runIds = await Promise.all(Array.from({ length: clients }, (_, i) => api("/runs", { project: "bench/ingest", name: `client-${i}` }).then((r) => r.id)));
    // warm-up: one small batch per run (JIT, connections, key rows)
    await Promise.all(runIds.map((id) => api(`/runs/${id}/metrics`, { points: [{ key: "warmup", value: 1 }] })));

    say(`Ingest over HTTP: ${clients} client processes × ${batches} batches × ${pointsPerBatch} points (${keyCount} keys) into ${kind}`);
    const cpuBefore = cpuSeconds(server.pid);
    const started = performance.now();
    const outputs = await Promise.all(
      runIds.map((id) => run(process.execPath, ["--import", "tsx", path.join(root, "bench/ingest-client.ts"), url, key, id, String(batches), String(pointsPerBatch), String(keyCount)], {})),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(server.pid);
    const results = outputs.map((o) => JSON.parse(o.trim()) as { latencies: number[]; points: number });
    const points = results.reduce((n, r) => n + r.points, 0);
    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const pointsPerS = points / seconds;
    say(`  ${points} points in ${seconds.toFixed(2)} s → ${Math.round(pointsPerS)} points/s; batch p50 ${p(0.5).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms`);
    say(`  CPU while ingesting: server ${(cpuAfter.server - cpuBefore.server).toFixed(2)} s, PostgreSQL ${(cpuAfter.postgres - cpuBefore.postgres).toFixed(2)} s (${kind === "pglite" ? "inside the server" : "all backends"})`);
    server.kill("SIGTERM");
    await new Promise((r) => server.on("exit", r));

    // Baseline: the same number of points COPYed straight into metric_points (Postgres), or
    // inserted with one unnest statement per batch (PGlite has no COPY FROM STDIN stream).
    const baselineRun = runIds[0] ?? "";
    let baselinePerS: number;
    if (kind === "postgres") {
      const sql = postgres(env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
      const keyIds = await sql<{ id: number }[]>`insert into metric_keys (run_id, key) select ${baselineRun}::uuid, 'copy/' || g from generate_series(1, ${keyCount}) g returning id`;
      const perKey = Math.ceil(points / keyCount);
      const t0 = performance.now();
      const writable = await sql`copy metric_points (run_id, key_id, step, ts, value) from stdin`.writable();
      const ts = new Date().toISOString();
      function* rows() {
        for (const { id } of keyIds) {
          for (let s = 0; s < perKey; s += 2000) {
            let chunk = "";
            for (let i = s; i < Math.min(perKey, s + 2000); i++) chunk += `${baselineRun}\t${id}\t${i}\t${ts}\t${Math.sin(i / 50)}\n`;
            yield chunk;
          }
        }
      }
      await pipeline(Readable.from(rows()), writable);
      baselinePerS = (perKey * keyCount) / ((performance.now() - t0) / 1000);
      await sql.end();
    } else {
      baselinePerS = NaN;
    }
    say(`  baseline (COPY into the same table): ${Number.isNaN(baselinePerS) ? "n/a on pglite" : `${Math.round(baselinePerS)} points/s`}`);
    const ratio = pointsPerS / baselinePerS;
    say(JSON.stringify({
      points_per_s: Math.round(pointsPerS),
      copy_baseline_points_per_s: Number.isNaN(baselinePerS) ? null : Math.round(baselinePerS),
      ratio: Number.isFinite(ratio) ? Number(ratio.toFixed(3)) : null,
      p99_batch_ms: Number(p(0.99).toFixed(1)),
      database: kind,
    }));
  } finally {
    if (dbName) {
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
