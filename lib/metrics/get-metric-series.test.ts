import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { createRun } from "@/lib/runs/create-run";
import { createUser } from "@/lib/users/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { appendMetricPoints } from "./append-metric-points";
import { getMetricSeries, type MetricSeries } from "./get-metric-series";
import { appendMetricsInput, toPointColumns } from "./metric-input";

const N = 200_000;
const SPIKE = 123_457;
const DIP = 3;
const NAN = 177_001;
const valueAt = (step: number) => (step === SPIKE ? 1e6 : step === DIP ? -1e6 : step === NAN ? "NaN" : Math.sin(step / 5000));

describe(`getMetricSeries over rollups (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  let runId: string;
  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
    await database.migrate();
    const userId = (await createUser(database.db, { email: "ml@example.com", password: "password123" })).id;
    await createWorkspace(database.db, { slug: "lab", name: "Lab", ownerId: userId });
    runId = (await createRun(database.db, { userId, project: ["lab", "long"] })).run.id;
    // Sent out of order in three passes, so rollup buckets are merged across batches.
    for (const offset of [0, 2, 1]) {
      for (let start = offset; start < N; start += 3 * 30_000) {
        const steps = Array.from({ length: 30_000 }, (_, i) => start + 3 * i).filter((s) => s < N);
        const input = appendMetricsInput.parse({ series: [{ key: "loss", steps, values: steps.map(valueAt), timestamps: steps.map((s) => 1_700_000_000_000 + s) }] });
        await appendMetricPoints(database, { runId, points: toPointColumns(input) });
      }
    }
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const read = (query: { maxPoints: number; fromStep?: number; toStep?: number }) => getMetricSeries(database.db, { runId, key: "loss", ...query });
  const numeric = (s: MetricSeries) => s.values.map((v) => (typeof v === "number" ? v : Number(v)));

  it("downsamples the whole series from rollups, keeping both ends, the spike, the dip and the NaN", async () => {
    const series = await read({ maxPoints: 2000 });
    expect(series).toMatchObject({ downsampled: true, total: N });
    expect(series.steps.length).toBeLessThanOrEqual(5 * 500);
    expect(series.steps[0]).toBe(0);
    expect(series.steps.at(-1)).toBe(N - 1);
    expect(series.steps).toEqual([...series.steps].sort((a, b) => a - b));
    for (const step of [SPIKE, DIP, NAN]) expect(series.steps).toContain(step);
    expect(series.values[series.steps.indexOf(NAN)]).toBe("NaN");
    expect(Math.max(...numeric(series).filter((v) => !Number.isNaN(v)))).toBe(1e6);
    expect(series.band?.max.includes(1e6)).toBe(true);
    expect(series.band?.min.includes(-1e6)).toBe(true);
    const i = series.steps.indexOf(SPIKE);
    expect(series.timestamps[i]).toBe(new Date(1_700_000_000_000 + SPIKE).toISOString());
  });

  it("answers a zoom with ragged ends exactly: only steps inside, every point counted", async () => {
    const [fromStep, toStep] = [12_345, 150_001];
    const series = await read({ maxPoints: 1000, fromStep, toStep });
    expect(series).toMatchObject({ downsampled: true, total: toStep - fromStep + 1 });
    expect(series.steps[0]).toBe(fromStep);
    expect(series.steps.at(-1)).toBe(toStep);
    expect(series.steps.every((s) => s >= fromStep && s <= toStep)).toBe(true);
    expect(series.steps).toContain(SPIKE);
  });

  it("returns raw points when the zoom holds few enough, whatever its width", async () => {
    const series = await read({ maxPoints: 2000, fromStep: SPIKE - 700, toStep: SPIKE + 700 });
    expect(series).toMatchObject({ downsampled: false, band: null, total: 1401 });
    expect(series.steps).toEqual(Array.from({ length: 1401 }, (_, i) => SPIKE - 700 + i));
    expect(numeric(series)[700]).toBe(1e6);
  });

  it("agrees with the stored points on the extremes of every returned bucket", async () => {
    const series = await read({ maxPoints: 400, fromStep: 1000, toStep: 99_999 });
    const band = series.band!;
    const rows = await database.rows<{ lo: number; hi: number }>(sql`
      select min(p.value) filter (where p.value <> 'NaN') as lo, max(p.value) filter (where p.value <> 'NaN') as hi
      from metric_points p join metric_keys k on k.id = p.key_id
      where k.run_id = ${runId}::uuid and p.step between ${band.fromStep[0]} and ${band.toStep[0]}`);
    expect(band.min[0]).toBe(rows[0]?.lo);
    expect(band.max[0]).toBe(rows[0]?.hi);
  });
});
