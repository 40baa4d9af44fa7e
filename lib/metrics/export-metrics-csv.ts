import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";

const PAGE = 20_000;

/** Quotes a CSV field when needed (RFC 4180). */
function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const formatValue = (v: number) => (Number.isNaN(v) ? "NaN" : v === Infinity ? "Infinity" : v === -Infinity ? "-Infinity" : String(v));

/**
 * Every point of a run as CSV (`key,step,timestamp,value`), ordered by key and step, read
 * in pages by keyset so memory stays flat whatever the run's size.
 */
export async function* exportMetricsCsv(db: Db, runId: string): AsyncGenerator<string> {
  yield "key,step,timestamp,value\n";
  const keys = await queryRows<{ id: number; key: string }>(db, sql`select id, key from metric_keys where run_id = ${runId}::uuid order by key`);
  for (const { id, key } of keys) {
    const name = csvField(key);
    let after = -1;
    for (;;) {
      const rows = await queryRows<{ step: number; ts: string; value: number }>(
        db,
        sql`select step::float8 as step, ts::text as ts, value from metric_points
            where run_id = ${runId}::uuid and key_id = ${id} and step > ${after} order by step limit ${PAGE}`,
      );
      if (rows.length === 0) break;
      yield rows.map((r) => `${name},${r.step},${new Date(r.ts).toISOString()},${formatValue(r.value)}\n`).join("");
      after = rows[rows.length - 1]?.step ?? after;
      if (rows.length < PAGE) break;
    }
  }
}
