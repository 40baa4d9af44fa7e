import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/lib/db/client";

/**
 * Builds one migrated embedded database that each test copies, so no test pays for
 * PGlite's initdb (~3 s). With DATABASE_URL set, tests use throwaway Postgres databases.
 */
export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-template-"));
  if (!process.env.DATABASE_URL) {
    const database = await openDatabase({ dataDir: dir });
    await database.migrate();
    await database.close();
  }
  process.env.LABBOOK_TEST_TEMPLATE = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
