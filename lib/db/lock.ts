import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";

/** Raised when another live process owns the embedded database. */
export class DatabaseLockedError extends AppError {
  constructor(
    readonly pid: number,
    readonly lockPath: string,
  ) {
    super(
      "unavailable",
      `The embedded database in ${path.dirname(lockPath)} is in use by process ${pid}` +
        (pid === process.pid ? " (this process)" : "") +
        ". Stop that process first, or set DATABASE_URL to use PostgreSQL.",
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads the pid holding a lock file, or null when the file is missing or stale. */
export function readLockHolder(lockPath: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, "utf8");
  } catch {
    return null;
  }
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * Takes an exclusive pid lock file; PGlite has no lock of its own and a second opener
 * corrupts the data directory. Returns the release function.
 */
export function acquireLock(lockPath: string): () => void {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx", 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readLockHolder(lockPath) === process.pid) fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLockHolder(lockPath);
      if (holder !== null) throw new DatabaseLockedError(holder, lockPath);
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseLockedError(readLockHolder(lockPath) ?? 0, lockPath);
}
