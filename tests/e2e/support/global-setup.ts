import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../../..");
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** How long a running run may stay silent before the instance under test calls it crashed. */
const CRASH_AFTER_SECONDS = 20;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-4000) : "(no output)";
  throw new Error(`Labbook did not become healthy at ${url} (exit code ${child.exitCode}). Did you run \`npm run build\`?\n${log}`);
}

/**
 * Starts the production server on a free port with a fresh embedded database (so the first
 * sign-up sets the instance up) and returns the teardown that stops it with SIGTERM.
 */
export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.LABBOOK_E2E_URL) return undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-e2e-"));
  const logFile = path.join(dataDir, "server.log");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LABBOOK_DATA_DIR: dataDir,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    // Short enough for a test to watch a silent run turn crashed, long enough for the others
    // to see a freshly started run as running.
    LABBOOK_CRASH_AFTER_SECONDS: String(CRASH_AFTER_SECONDS),
  };
  // A fresh instance, closed sign-up: whatever the developer's shell says.
  for (const name of ["LABBOOK_OPEN_SIGNUP", "DATABASE_URL", "LABBOOK_PUBLIC_URL", "PORT", "HOST"]) delete env[name];

  const log = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, ["bin/labbook.mjs", "serve", "--port", String(port)], {
    cwd: root,
    env,
    stdio: ["ignore", log, log],
  });
  try {
    await waitForHealth(url, child, logFile);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  process.env.LABBOOK_E2E_URL = url;
  process.env.LABBOOK_E2E_CRASH_AFTER_SECONDS = String(CRASH_AFTER_SECONDS);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
