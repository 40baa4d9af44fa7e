import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Auth } from "@/lib/auth/auth";
import { openBus } from "@/lib/bus/open-bus";
import { openDatabase } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { logger } from "@/lib/log";
import type { Services } from "@/lib/runtime";
import { version } from "./version";

const log = logger("server");

/**
 * The signing secret: LABBOOK_SECRET, else one generated on first start and kept in the
 * data directory (readable by its owner only).
 */
function loadSecret(env: Env): string {
  if (env.LABBOOK_SECRET) return env.LABBOOK_SECRET;
  const file = path.join(env.dataDir, "secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(env.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  log.info({ file }, "generated a signing secret");
  return secret;
}

/** Opens the database, applies migrations and builds the process-wide services. */
export async function openServices(env: Env, options: { migrate?: boolean } = {}): Promise<Services> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    if (options.migrate !== false) {
      const started = Date.now();
      await database.migrate();
      log.debug({ ms: Date.now() - started }, "migrations applied");
    }
    const secret = loadSecret(env);
    let loading: Promise<Auth> | undefined;
    const auth = () => (loading ??= import("@/lib/auth/auth").then(({ createAuth }) => createAuth({ database, env, secret })));
    return { env, database, auth, version, bus: openBus(env) };
  } catch (error) {
    await database.close();
    throw error;
  }
}
