import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { openDatabase, type Database } from "./client";
import { DatabaseLockedError } from "./lock";
import { users } from "./schema";

describe(`database client (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it("applies migrations, and again without effect (also concurrently)", async () => {
    await Promise.all([database.migrate(), database.migrate()]);
    await database.migrate();
    const rows = await database.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(rows[0]?.n).toBeGreaterThan(0);
    expect(await database.db.select().from(users)).toEqual([]);
  });

  it("returns raw rows as plain arrays with the same types on both drivers", async () => {
    const rows = await database.rows<{ i: number; big: string; f: number; t: string }>(
      sql`select 1::int as i, 9007199254740993::bigint::text as big, 'NaN'::float8 as f, 'x' as t`,
    );
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ i: 1, big: "9007199254740993", t: "x" });
    expect(Number.isNaN(rows[0]?.f)).toBe(true);
  });

  it.runIf(!process.env.DATABASE_URL)("refuses a second opener of the same embedded data directory, naming the holder", async () => {
    const second = openDatabase({ dataDir: target.env.LABBOOK_DATA_DIR });
    await expect(second).rejects.toBeInstanceOf(DatabaseLockedError);
    await expect(second).rejects.toThrow(`in use by process ${process.pid}`);
  });
});
