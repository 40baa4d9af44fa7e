import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

/** Where a test's database lives: a fresh embedded data dir, or a throwaway Postgres database. */
export interface TestDatabase {
  env: { DATABASE_URL?: string; LABBOOK_DATA_DIR: string };
  kind: "pglite" | "postgres";
  drop(): Promise<void>;
}

/** Creates an isolated database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-test-"));
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const template = process.env.LABBOOK_TEST_TEMPLATE;
    if (template && fs.existsSync(path.join(template, "pgdata"))) {
      fs.cpSync(path.join(template, "pgdata"), path.join(dataDir, "pgdata"), { recursive: true });
    }
    return {
      env: { LABBOOK_DATA_DIR: dataDir },
      kind: "pglite",
      drop: () => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `labbook_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), LABBOOK_DATA_DIR: dataDir },
    kind: "postgres",
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
