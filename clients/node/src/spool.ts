/**
 * The spool: an append-only JSON-lines file of everything not yet on the server.
 *
 * The first line is a header naming the run (its id, or the body to create it with); the
 * lines after it are requests in the order they were made: `metrics` (with their batch id),
 * `params`, `tags`, `status`, and `created` once the run exists. Every append is fsynced
 * before it counts as written, so a killed process loses nothing that reached the spool.
 * All file work is synchronous: the exit hook must be able to append, and a write can then
 * never interleave with another.
 *
 * A live process keeps `<file>.lock` (its pid and host) beside its file, so `sync` leaves
 * the file alone; a lock whose process is gone is stale and taken over.
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "./logger.js";
import { asSpoolRecord, SPOOL_VERSION, type CreateRunBody, type RunRecord, type SpoolRecord } from "./records.js";

/** How much of the file one read brings into memory (a longer line grows it). */
export const READ_CHUNK_BYTES = 8 * 1024 * 1024;

/** Another live process holds this spool file. */
export class SpoolBusy extends Error {
  override readonly name = "SpoolBusy";
}

/** `LABBOOK_SPOOL_DIR`, else `~/.labbook/spool`. */
export function defaultSpoolDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env["LABBOOK_SPOOL_DIR"];
  if (configured) return configured.startsWith("~/") ? path.join(os.homedir(), configured.slice(2)) : path.resolve(configured);
  return path.join(os.homedir(), ".labbook", "spool");
}

/** One record as a line; throws for what JSON cannot hold. */
export function encodeLine(record: SpoolRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export function headerRecord(url: string, create: CreateRunBody, runId: string | undefined, runUrl: string | undefined): RunRecord {
  return { type: "run", version: SPOOL_VERSION, url, runId: runId ?? null, runUrl: runUrl ?? null, create };
}

/** A line of a spool: its record (undefined when damaged or unknown) and the byte offset after it. */
export interface SpoolLine {
  record: SpoolRecord | undefined;
  end: number;
}

/**
 * Complete lines from byte `start` up to `end`, reading at most about `maxBytes` (always at
 * least one line). A last line without its newline was cut short by a crash and ends the file.
 */
export function* readLines(file: string, logger: Logger, start = 0, end?: number, maxBytes = Infinity): Generator<SpoolLine> {
  const fd = fs.openSync(file, "r");
  try {
    const stop = end ?? fs.fstatSync(fd).size;
    let offset = start;
    let chunk = Math.min(READ_CHUNK_BYTES, 1024 * 1024);
    while (offset < stop && offset - start < maxBytes) {
      const size = Math.min(chunk, stop - offset);
      const buffer = Buffer.allocUnsafe(size);
      const read = fs.readSync(fd, buffer, 0, size, offset);
      const data = buffer.subarray(0, read);
      let lineStart = 0;
      let newline = data.indexOf(0x0a);
      if (newline === -1) {
        if (offset + read >= stop) return; // a cut-off last line
        chunk *= 2; // a line longer than the chunk: read more of it
        continue;
      }
      while (newline !== -1 && offset + lineStart - start < maxBytes) {
        const lineEnd = offset + newline + 1;
        yield { record: parseLine(data.subarray(lineStart, newline), file, offset + lineStart, logger), end: lineEnd };
        lineStart = newline + 1;
        newline = data.indexOf(0x0a, lineStart);
      }
      offset += lineStart;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function parseLine(line: Buffer, file: string, offset: number, logger: Logger): SpoolRecord | undefined {
  let problem: string;
  try {
    const record = asSpoolRecord(JSON.parse(line.toString("utf8")));
    if (typeof record !== "string") return record;
    problem = record;
  } catch {
    problem = "a damaged line";
  }
  logger.warn(`skipping ${problem} at byte ${offset} of ${file}`);
  return undefined;
}

/** Appends and fsyncs; on failure cuts the file back to `size` so no half line remains. */
function writeAll(fd: number, data: Buffer, size: number): void {
  try {
    let written = 0;
    while (written < data.length) written += fs.writeSync(fd, data, written);
    fs.fsyncSync(fd);
  } catch (error) {
    try {
      fs.ftruncateSync(fd, size);
    } catch {
      // The original error says more.
    }
    throw error;
  }
}

interface LockOwner {
  pid: number;
  host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(lockPath: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(lockPath, "utf8")) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string" ? { pid: owner.pid, host: owner.host } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<file>.lock` for this process; throws SpoolBusy when a live process holds it. A lock
 * left by a process that is gone (killed) is taken over; one from another host is respected.
 */
export function acquireLock(file: string): void {
  const lockPath = `${file}.lock`;
  const me = JSON.stringify({ pid: process.pid, host: os.hostname() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, me, { flag: "wx", mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readLock(lockPath);
    if (owner && (owner.host !== os.hostname() || (owner.pid !== process.pid && isAlive(owner.pid)))) {
      throw new SpoolBusy(`${file} is in use by process ${owner.pid} on ${owner.host} (remove ${lockPath} if that process is gone)`);
    }
    if (owner?.pid === process.pid) return;
    // Stale (or unreadable, e.g. cut short by a crash): take it over.
    fs.rmSync(lockPath, { force: true });
  }
  throw new SpoolBusy(`${file} is contended; try again`);
}

/** Drops this process's lock on `file`. */
export function releaseLock(file: string): void {
  const lockPath = `${file}.lock`;
  if (readLock(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}

/**
 * One run's spool file as the live process sees it. `header` builds the first line whenever
 * the file is (re)created. The sent offset is how far this process has delivered; once it
 * reaches the end, the file is deleted.
 */
export class Spool {
  readonly path: string;
  readonly #header: () => RunRecord;
  readonly #logger: Logger;
  #fd: number | undefined;
  #size = 0;
  #sent = 0;

  constructor(file: string, header: () => RunRecord, logger: Logger) {
    this.path = file;
    this.#header = header;
    this.#logger = logger;
  }

  /** Writes records durably (creating the file with its header first). Throws on I/O errors. */
  append(records: readonly SpoolRecord[]): void {
    if (this.#fd === undefined) this.#open();
    const lines = this.#size === 0 ? [encodeLine(this.#header())] : [];
    for (const record of records) lines.push(encodeLine(record));
    if (lines.length === 0) return;
    const data = Buffer.from(lines.join(""), "utf8");
    writeAll(this.#fd as number, data, this.#size);
    this.#size += data.length;
  }

  #open(): void {
    fs.mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
    acquireLock(this.path);
    try {
      this.#fd = fs.openSync(this.path, "a", 0o600);
    } catch (error) {
      releaseLock(this.path);
      throw error;
    }
    this.#size = fs.fstatSync(this.#fd).size;
    this.#sent = 0;
  }

  /** Whether the file holds records this process has not delivered. */
  hasBacklog(): boolean {
    return this.#size > this.#sent;
  }

  /** Records after the sent offset, up to about `maxBytes`. */
  readUnsent(maxBytes = READ_CHUNK_BYTES): SpoolLine[] {
    if (this.#size <= this.#sent) return [];
    return [...readLines(this.path, this.#logger, this.#sent, this.#size, maxBytes)];
  }

  markSent(offset: number): void {
    this.#sent = Math.max(this.#sent, offset);
  }

  /** Deletes the file when everything in it was delivered; true if nothing is left. */
  discardIfDelivered(): boolean {
    if (this.#size > this.#sent) return false;
    if (this.#fd !== undefined) {
      fs.rmSync(this.path, { force: true });
      this.#closeFd();
    }
    this.#size = this.#sent = 0;
    return true;
  }

  /** Releases the file and its lock, keeping whatever is undelivered. */
  close(): void {
    if (this.#fd !== undefined) this.#closeFd();
  }

  #closeFd(): void {
    try {
      fs.closeSync(this.#fd as number);
    } finally {
      this.#fd = undefined;
      releaseLock(this.path);
    }
  }
}

/** A spool left behind by a process that has ended, opened (and locked) by `sync`. */
export class SpoolFile {
  readonly path: string;
  readonly #logger: Logger;
  #fd: number | undefined;

  /** Throws SpoolBusy when a live process holds the file, and ENOENT when it is gone. */
  constructor(file: string, logger: Logger) {
    this.path = file;
    this.#logger = logger;
    acquireLock(file);
    try {
      this.#fd = fs.openSync(file, "r+");
    } catch (error) {
      releaseLock(file);
      throw error;
    }
  }

  records(): Generator<SpoolLine> {
    return readLines(this.path, this.#logger);
  }

  append(records: readonly SpoolRecord[]): void {
    if (this.#fd === undefined) throw new Error("the spool file is closed");
    const size = fs.fstatSync(this.#fd).size;
    const data = Buffer.from(records.map(encodeLine).join(""), "utf8");
    let written = 0;
    try {
      while (written < data.length) written += fs.writeSync(this.#fd, data, written, data.length - written, size + written);
      fs.fsyncSync(this.#fd);
    } catch (error) {
      fs.ftruncateSync(this.#fd, size);
      throw error;
    }
  }

  delete(): void {
    fs.rmSync(this.path, { force: true });
    this.close();
  }

  close(): void {
    if (this.#fd === undefined) return;
    try {
      fs.closeSync(this.#fd);
    } finally {
      this.#fd = undefined;
      releaseLock(this.path);
    }
  }
}
