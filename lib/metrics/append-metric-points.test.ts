import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { metricKeys } from "@/lib/db/schema";
import { createRun } from "@/lib/runs/create-run";
import { createUser } from "@/lib/users/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { appendMetricPoints } from "./append-metric-points";
import { appendMetricsInput, toPointColumns } from "./metric-input";
import { rollupPoints, type RollupRow } from "./rollup";

describe(`appendMetricPoints (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  let userId: string;
  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
    await database.migrate();
    userId = (await createUser(database.db, { email: "ml@example.com", password: "password123" })).id;
    await createWorkspace(database.db, { slug: "lab", name: "Lab", ownerId: userId });
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const newRun = async () => (await createRun(database.db, { userId, project: ["lab", "mnist"] })).run.id;
  const append = (runId: string, body: unknown) => {
    const input = appendMetricsInput.parse(body);
    return appendMetricPoints(database, { runId, batchId: input.batchId, points: toPointColumns(input) });
  };
  const stored = (runId: string, key: string) =>
    database.rows<{ step: number; value: number }>(
      sql`select p.step::float8 as step, p.value from metric_points p join metric_keys k on k.id = p.key_id where k.run_id = ${runId}::uuid and k.key = ${key} order by p.step`,
    );

  it("assigns missing steps after the key's highest step, keeps NaN and infinities, and summarises", async () => {
    const runId = await newRun();
    const first = await append(runId, { points: [{ key: "loss", value: 2 }, { key: "loss", value: "NaN" }, { key: "loss", step: 10, value: 1 }, { key: "loss", value: "Infinity" }] });
    expect(first).toMatchObject({ accepted: 4, duplicates: 0, replayed: false });
    const points = await stored(runId, "loss");
    expect(points.map((p) => p.step)).toEqual([0, 1, 10, 11]);
    expect(points[1]?.value).toBeNaN();
    expect(points[3]?.value).toBe(Infinity);
    const [summary] = await database.db.select().from(metricKeys).where(eq(metricKeys.runId, runId));
    expect(summary).toMatchObject({ key: "loss", count: 4, min: 1, max: Infinity, maxStep: 11, lastStep: 11, lastValue: Infinity });
  });

  it("accepts out-of-order steps, counts duplicates and keeps the first value", async () => {
    const runId = await newRun();
    await append(runId, { series: [{ key: "acc", steps: [5, 1, 3], values: [0.5, 0.1, 0.3] }] });
    const again = await append(runId, { series: [{ key: "acc", steps: [3, 4, 1, 4], values: [9, 0.4, 9, 9] }] });
    expect(again).toMatchObject({ accepted: 1, duplicates: 3, replayed: false });
    expect(again.fresh).toEqual([{ key: "acc", steps: [4], values: [0.4], times: [expect.any(Number)] }]);
    expect(await stored(runId, "acc")).toEqual([
      { step: 1, value: 0.1 },
      { step: 3, value: 0.3 },
      { step: 4, value: 0.4 },
      { step: 5, value: 0.5 },
    ]);
    const [summary] = await database.db.select().from(metricKeys).where(eq(metricKeys.runId, runId));
    expect(summary).toMatchObject({ count: 4, min: 0.1, max: 0.5, lastStep: 5, lastValue: 0.5 });
  });

  it("summarises the same whether the batch holds only new steps or also stored ones", async () => {
    const series = (steps: number[]) => ({ key: "m", steps, values: steps.map((s) => (s === 4 ? "NaN" : s === 6 ? "-Infinity" : Math.cos(s))), timestamps: steps.map((s) => 1_700_000_000_000 + s * 1000) });
    const fresh = await newRun(); // new steps only: summaries computed from the batch
    await append(fresh, { series: [series([0, 1, 2])] });
    await append(fresh, { series: [series([3, 4, 5, 6, 7])] });
    const mixed = await newRun(); // repeats step 2: summaries folded from the inserted rows
    await append(mixed, { series: [series([0, 1, 2])] });
    await append(mixed, { series: [series([2, 3, 4, 5, 6, 7])] });
    const summaryOf = async (runId: string) => {
      const [row] = await database.db.select().from(metricKeys).where(eq(metricKeys.runId, runId));
      return { count: row?.count, min: row?.min, max: row?.max, maxStep: row?.maxStep, lastStep: row?.lastStep, lastValue: row?.lastValue, lastTime: row?.lastTime?.toISOString() };
    };
    const expected = { count: 8, min: -Infinity, max: 1, maxStep: 7, lastStep: 7, lastValue: Math.cos(7), lastTime: new Date(1_700_000_007_000).toISOString() };
    expect(await summaryOf(fresh)).toEqual(expected);
    expect(await summaryOf(mixed)).toEqual(expected);
    const nanOnly = await newRun();
    await append(nanOnly, { series: [{ key: "m", values: ["NaN", "NaN"] }] });
    expect(await summaryOf(nanOnly)).toMatchObject({ count: 2, min: null, max: null, lastStep: 1 });
  });

  it("keeps the rollups equal to rolling up every stored point, across new, out-of-order and repeated steps", async () => {
    const runId = await newRun();
    const values = (steps: number[]) => steps.map((s) => (s % 97 === 0 ? "NaN" : Math.sin(s / 7) * (s % 13)));
    const batches = [
      Array.from({ length: 5000 }, (_, i) => i * 3), // new steps only
      Array.from({ length: 3000 }, (_, i) => i * 5 + 1), // interleaved, some repeated
      Array.from({ length: 2000 }, (_, i) => 20_000 - i), // descending, partly stored
    ];
    for (const steps of batches) await append(runId, { series: [{ key: "r", steps, values: values(steps), timestamps: steps.map((s) => 1_600_000_000_000 + s) }] });
    const [key] = await database.db.select().from(metricKeys).where(eq(metricKeys.runId, runId));
    const points = await database.rows<{ step: number; value: number; ms: number }>(
      sql`select step::float8 as step, value, (extract(epoch from ts) * 1000)::float8 as ms from metric_points where run_id = ${runId}::uuid order by step`,
    );
    const expected = rollupPoints(key!.id, { steps: points.map((p) => p.step), values: points.map((p) => p.value), times: points.map((p) => p.ms) });
    const stored = await database.rows<Record<string, number | null>>(sql`
      select level, bucket::float8 as bucket, count, first_step::float8 as "firstStep", last_step::float8 as "lastStep",
        min_step::float8 as "minStep", min_value as "minValue", max_step::float8 as "maxStep", max_value as "maxValue", nan_step::float8 as "nanStep",
        (extract(epoch from first_time) * 1000)::float8 as "firstTime", (extract(epoch from max_time) * 1000)::float8 as "maxTime"
      from metric_rollups where run_id = ${runId}::uuid order by level, bucket`);
    const pick = ({ level, bucket, count, firstStep, lastStep, minStep, minValue, maxStep, maxValue, nanStep, firstTime, maxTime }: { [k in keyof RollupRow]?: unknown }) =>
      ({ level, bucket, count, firstStep, lastStep, minStep, minValue, maxStep, maxValue, nanStep, firstTime, maxTime });
    const byOrder = (a: { level: unknown; bucket: unknown }, b: { level: unknown; bucket: unknown }) => Number(a.level) - Number(b.level) || Number(a.bucket) - Number(b.bucket);
    expect(stored.map(pick)).toEqual(expected.map(pick).sort(byOrder));
    expect(stored.filter((r) => r.level === 6).reduce((n, r) => n + Number(r.count), 0)).toBe(points.length);
  });

  it("replays a committed batch id without writing anything", async () => {
    const runId = await newRun();
    const body = { batchId: "b-1", points: [{ key: "x", value: 1 }, { key: "x", value: 2 }] };
    const first = await append(runId, body);
    const retry = await append(runId, body);
    expect(first).toMatchObject({ accepted: 2, duplicates: 0, replayed: false });
    expect(first.fresh).toEqual([{ key: "x", steps: [0, 1], values: [1, 2], times: [expect.any(Number), expect.any(Number)] }]);
    expect(retry).toEqual({ accepted: 2, duplicates: 0, replayed: true, fresh: [] });
    expect(await stored(runId, "x")).toHaveLength(2);
  });

  it("writes 100,000 points in one request with a handful of parameters", async () => {
    const runId = await newRun();
    const n = 100_000;
    const steps = Array.from({ length: n / 2 }, (_, i) => i);
    const result = await append(runId, {
      series: [
        { key: "train/loss", steps, values: steps.map((i) => 1 / (i + 1)) },
        { key: "train/acc", steps, values: steps.map((i) => i / n) },
      ],
    });
    expect(result).toMatchObject({ accepted: n, duplicates: 0, replayed: false });
    expect(result.fresh.map((f) => [f.key, f.steps.length])).toEqual([["train/loss", n / 2], ["train/acc", n / 2]]);
    const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from metric_points where run_id = ${runId}::uuid`);
    expect(row?.n).toBe(n);
  });

  it("refuses more than 100,000 points and writes nothing", async () => {
    const runId = await newRun();
    const values = Array.from({ length: 100_001 }, () => 1);
    await expect(append(runId, { series: [{ key: "big", values }] })).rejects.toMatchObject({ code: "payload_too_large" });
    expect(await stored(runId, "big")).toEqual([]);
  });

  it("deletes a key's points with the key, and only those", async () => {
    const runId = await newRun();
    await append(runId, { series: [{ key: "gone", values: [1, 2, 3] }, { key: "kept", values: [4, 5] }] });
    const other = await newRun();
    await append(other, { series: [{ key: "gone", values: [6] }] });
    await database.db.delete(metricKeys).where(sql`${metricKeys.runId} = ${runId}::uuid and ${metricKeys.key} = 'gone'`);
    expect(await stored(runId, "gone")).toEqual([]);
    expect((await stored(runId, "kept")).map((p) => p.value)).toEqual([4, 5]);
    expect((await stored(other, "gone")).map((p) => p.value)).toEqual([6]);
    const [orphans] = await database.rows<{ n: number }>(
      sql`select count(*)::int as n from metric_points p where not exists (select 1 from metric_keys k where k.id = p.key_id)`,
    );
    expect(orphans?.n).toBe(0);
  });
});
