// Downsampling benchmark: a 10,000,000-point series on PostgreSQL, then "2,000 points of it"
// asked for the whole range and for random zooms through getMetricSeries (rollups + M4),
// against the same answer computed straight from the raw points with one window-function
// M4 query — what a store without rollups has to do.
// Usage: npm run bench:downsample [-- --points 10000000 --queries 20]
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/lib/db/client";
import { appendMetricPoints } from "@/lib/metrics/append-metric-points";
import { getMetricSeries } from "@/lib/metrics/get-metric-series";
import { createRun } from "@/lib/runs/create-run";
import { createUser } from "@/lib/users/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

const { values: flags } = parseArgs({ options: { points: { type: "string", default: "10000000" }, queries: { type: "string", default: "20" } } });
const total = Number(flags.points);
const queries = Number(flags.queries);
const MAX_POINTS = 2000;
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const say = (s: string) => process.stdout.write(`${s}\n`);
const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main() {
  const dbName = `labbook_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-bench-"));
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir });
  try {
    await database.migrate();
    const userId = (await createUser(database.db, { email: "bench@example.com", password: "benchmark" })).id;
    await createWorkspace(database.db, { slug: "bench", name: "Bench", ownerId: userId });
    const runId = (await createRun(database.db, { userId, project: ["bench", "downsample"] })).run.id;

    say(`Loading ${total.toLocaleString("en")} points of one key through appendMetricPoints…`);
    const loadStarted = performance.now();
    const batch = 100_000;
    const t0 = Date.now();
    for (let start = 0; start < total; start += batch) {
      const n = Math.min(batch, total - start);
      const steps = Array.from({ length: n }, (_, i) => start + i);
      await appendMetricPoints(database, {
        runId,
        points: { keys: steps.map(() => "loss"), steps, values: steps.map((s) => Math.exp(-s / 3e6) + 0.05 * Math.sin(s / 997) + (s % 1_000_003 === 0 ? 5 : 0)), times: steps.map((s) => new Date(t0 + s)) },
      });
    }
    say(`  loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    await database.db.execute(sql`analyze metric_points`);
    await database.db.execute(sql`analyze metric_rollups`);

    let seed = 42;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const ranges: Array<[number, number]> = [[0, total - 1]];
    for (let i = 1; i < queries; i++) {
      const width = Math.floor(total * (0.05 + 0.9 * random()));
      const from = Math.floor((total - width) * random());
      ranges.push([from, from + width]);
    }

    await getMetricSeries(database.db, { runId, key: "loss", maxPoints: MAX_POINTS }); // warm-up: connection, plans
    const ours: number[] = [];
    let returned = 0;
    for (const [fromStep, toStep] of ranges) {
      const started = performance.now();
      const series = await getMetricSeries(database.db, { runId, key: "loss", maxPoints: MAX_POINTS, fromStep, toStep });
      ours.push(performance.now() - started);
      returned = Math.max(returned, series.steps.length);
    }
    say(`getMetricSeries (rollups + M4), ${ranges.length} queries: ${ours.map((ms) => ms.toFixed(0)).join(", ")} ms`);

    const baseline: number[] = [];
    for (const [fromStep, toStep] of ranges.slice(0, 3)) {
      const started = performance.now();
      await database.db.execute(sql`
        select step, value from (
          select step, value,
            row_number() over (partition by b order by step) as rf, row_number() over (partition by b order by step desc) as rl,
            row_number() over (partition by b order by value, step) as rlo, row_number() over (partition by b order by value desc, step) as rhi
          from (select width_bucket(step, ${fromStep}, ${toStep + 1}, ${MAX_POINTS / 4}) as b, step, value
                from metric_points where run_id = ${runId}::uuid and step between ${fromStep} and ${toStep}) p
        ) x where rf = 1 or rl = 1 or rlo = 1 or rhi = 1 order by step`);
      baseline.push(performance.now() - started);
    }
    say(`raw-points M4 in one query (baseline), ${baseline.length} queries: ${baseline.map((ms) => ms.toFixed(0)).join(", ")} ms`);

    const sortedOurs = [...ours].sort((a, b) => a - b);
    const sortedBase = [...baseline].sort((a, b) => a - b);
    say(JSON.stringify({
      query_ms_p50: Number(percentile(sortedOurs, 0.5).toFixed(1)),
      query_ms_max: Number(Math.max(...ours).toFixed(1)),
      full_range_ms: Number((ours[0] ?? NaN).toFixed(1)),
      baseline_ms_p50: Number(percentile(sortedBase, 0.5).toFixed(1)),
      series_points: total,
      max_points_returned: returned,
      database: "postgres",
    }));
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
