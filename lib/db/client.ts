import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { logger } from "@/lib/log";
import { rootDir } from "@/lib/root-dir";
import { acquireLock } from "./lock";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseKind = "pglite" | "postgres";

/** An open database: the drizzle handle plus helpers that hide driver differences. */
export interface Database {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /** Runs raw SQL and returns its rows; cast numeric columns in SQL (`::float8`, `::int`). */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Applies pending migrations under a Postgres advisory lock. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
}

const log = logger("db");
const migrationsFolder = path.join(rootDir, "drizzle");
/** Arbitrary constant shared by every Labbook process migrating the same database. */
const MIGRATION_LOCK_KEY = 7_020_211_555;

/**
 * Runs raw SQL on the database or inside a transaction and returns plain rows: postgres.js
 * answers with an array, PGlite with `{ rows }`.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? [...(result as T[])] : (result as { rows: T[] }).rows;
}

/** The lock file guarding an embedded data directory. */
export const lockPathFor = (dataDir: string) => path.join(dataDir, "labbook.lock");

/** Opens Postgres when a URL is given, else the embedded PGlite in `dataDir` (locked). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

function openPostgres(url: string): Database {
  const client = postgres(url, { max: 10, onnotice: () => {}, connect_timeout: 10 });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const rows = <T extends Record<string, unknown>>(query: SQL) => queryRows<T>(db, query);
  return {
    db,
    kind: "postgres",
    rows,
    async migrate() {
      const reserved = await client.reserve();
      try {
        await reserved`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(db as unknown as Parameters<typeof migratePostgres>[0], { migrationsFolder });
        await reserved`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        reserved.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const release = acquireLock(lockPathFor(dataDir));
  let client: PGlite;
  try {
    const started = Date.now();
    client = await PGlite.create(path.join(dataDir, "pgdata"));
    log.debug({ ms: Date.now() - started, dataDir }, "embedded database opened");
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const rows = <T extends Record<string, unknown>>(query: SQL) => queryRows<T>(db, query);
  let closed = false;
  return {
    db,
    kind: "pglite",
    rows,
    async migrate() {
      await rows(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
      try {
        await migratePglite(db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder });
      } finally {
        await rows(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}
