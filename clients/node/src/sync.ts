/** `labbook.sync()` / `npx labbook-sync`: uploads spools that ended processes left behind. */

import fs from "node:fs";
import path from "node:path";
import { backoffDelay, sleep } from "./backoff.js";
import { Deliverer, RunRef } from "./deliver.js";
import { Transport, type RequestFailed } from "./http.js";
import { consoleLogger, errorText, prefixed, type Logger } from "./logger.js";
import type { RunRecord } from "./records.js";
import { defaultSpoolDir, SpoolBusy, SpoolFile, type SpoolLine } from "./spool.js";

export interface SyncOptions {
  /** Spool files to upload (default: every `*.jsonl` in `dir`). */
  paths?: readonly string[] | undefined;
  /** Default: `LABBOOK_SPOOL_DIR`, else `~/.labbook/spool`. */
  dir?: string | undefined;
  /** Default: `LABBOOK_URL`, else the server each run used. */
  url?: string | undefined;
  /** Default: `LABBOOK_API_KEY`. */
  apiKey?: string | undefined;
  /** How long to keep retrying an unreachable server, per file (default 30 s). */
  timeoutMs?: number | undefined;
  /** Where warnings about damaged lines and refused records go (default `console.warn`). */
  logger?: Logger | undefined;
}

export interface SyncedFile {
  path: string;
  /** `synced` (and deleted), `skipped` (a live process owns it) or `failed` (kept for the next sync). */
  outcome: "synced" | "skipped" | "failed";
  /** One line for people, as `labbook-sync` prints it. */
  message: string;
  runId?: string | undefined;
  runUrl?: string | undefined;
  /** Points sent, counting batches the server already had. */
  pointsSent: number;
  /** Points the server stored for the first time. */
  pointsAccepted: number;
}

export interface SyncResult {
  /** False when a file could not be delivered. */
  ok: boolean;
  dir: string;
  files: SyncedFile[];
}

/**
 * Uploads each spool file in order and deletes it once delivered. Running it again uploads
 * nothing twice: batch ids make resent points land once, and a `created` line in a file
 * keeps its run from being created twice. Files of live processes are skipped. Throws a
 * TypeError when there is no API key.
 */
export async function sync(options: SyncOptions = {}): Promise<SyncResult> {
  const apiKey = options.apiKey ?? process.env["LABBOOK_API_KEY"];
  if (!apiKey) throw new TypeError("no API key: pass apiKey or set LABBOOK_API_KEY");
  const logger = prefixed(options.logger ?? consoleLogger);
  const dir = options.dir === undefined ? defaultSpoolDir() : path.resolve(options.dir);
  const files = options.paths?.length ? options.paths.map((p) => path.resolve(p)) : listSpools(dir);
  const result: SyncResult = { ok: true, dir, files: [] };
  for (const file of files) {
    const done = await syncFile(file, { url: options.url ?? process.env["LABBOOK_URL"], apiKey, timeoutMs: options.timeoutMs ?? 30_000, logger });
    if (done === undefined) continue;
    result.files.push(done);
    if (done.outcome === "failed") result.ok = false;
  }
  return result;
}

function listSpools(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith(".jsonl"))
      .sort()
      .map((name) => path.join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

interface FileOptions {
  url: string | undefined;
  apiKey: string;
  timeoutMs: number;
  logger: Required<Logger>;
}

async function syncFile(file: string, options: FileOptions): Promise<SyncedFile | undefined> {
  const base = { path: file, pointsSent: 0, pointsAccepted: 0 };
  let spool: SpoolFile;
  try {
    spool = new SpoolFile(file, options.logger);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined; // synced by someone else meanwhile
    if (error instanceof SpoolBusy) return { ...base, outcome: "skipped", message: `Skipped ${file}: ${error.message}` };
    return { ...base, outcome: "failed", message: `Could not open ${file}: ${errorText(error)}` };
  }
  try {
    let header: RunRecord | undefined;
    const ref = new RunRef();
    for (const { record } of spool.records()) {
      if (header === undefined) {
        if (record?.type !== "run") break;
        header = record;
      } else if (record?.type === "created") {
        // A `created` line anywhere means the run exists: never create it twice.
        ref.learn(record);
        break;
      }
    }
    if (header === undefined) return { ...base, outcome: "failed", message: `Skipped ${file}: not a Labbook spool file` };
    ref.learn(header);
    const transport = new Transport(options.url ?? header.url ?? "http://localhost:3000", options.apiKey);
    const deliverer = new Deliverer(transport, ref, options.logger, (created) => spool.append([created]));
    let delivered = 0;
    function* remaining(): Generator<SpoolLine> {
      for (const line of spool.records()) if (line.end > delivered) yield line;
    }
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const failure = await deliverer.deliver(remaining(), (offset) => (delivered = offset));
      const counts = { runId: ref.id, runUrl: ref.url, pointsSent: deliverer.pointsSent, pointsAccepted: deliverer.pointsAccepted };
      if (failure === undefined) {
        spool.delete();
        const message = `Synced ${path.basename(file)}: ${deliverer.pointsAccepted} new points (${deliverer.pointsSent} sent) to ${ref.url ?? transport.url}`;
        return { ...base, ...counts, outcome: "synced", message };
      }
      const delay = backoffDelay(attempt, { retryAfterMs: failure.retryAfterMs });
      if (failure.action !== "retry" || Date.now() - started + delay > options.timeoutMs) {
        return { ...base, ...counts, outcome: "failed", message: `Could not sync ${file}: ${explain(failure)}; it is kept for the next sync` };
      }
      await sleep(delay);
    }
  } finally {
    spool.close();
  }
}

function explain(failure: RequestFailed): string {
  if (failure.status === 401) return `${failure.message} (check LABBOOK_API_KEY)`;
  if (failure.status === 403 || failure.status === 404) return `${failure.message} (check LABBOOK_URL, the project and your role)`;
  return failure.message;
}
