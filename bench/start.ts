// Start-up benchmark: how long `labbook serve --no-ui` takes from process spawn to a healthy
// answer, on an already-migrated embedded database, against a bare Node HTTP server spawned
// the same way (the floor any Node server pays).
// Usage: npm run bench:start [-- --runs 5]
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(flags.runs);
const say = (s: string) => process.stdout.write(`${s}\n`);
const BARE_SERVER = `require("node:http").createServer((q, s) => s.end('{"status":"ok"}')).listen(+process.env.PORT, "127.0.0.1")`;

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Spawns a server, returns milliseconds until it answered, then stops it. */
async function timeStart(args: string[], env: Record<string, string>, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: String(port), ...env }, stdio: "ignore" });
  try {
    await waitHealthy(`http://127.0.0.1:${port}/api/v1/health`, child);
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-bench-start-"));
  const serve = [path.join(root, "bin/labbook.mjs"), "serve", "--no-ui"];
  const env = { LABBOOK_DATA_DIR: dataDir };
  try {
    const first = await timeStart(serve, env, 39_411); // creates and migrates the database, builds the CLI bundle if stale
    say(`first start (new database, migrations): ${first.toFixed(0)} ms`);
    const labbook: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      labbook.push(await timeStart(serve, env, 39_411));
      bare.push(await timeStart(["-e", BARE_SERVER], {}, 39_412));
    }
    say(`labbook serve --no-ui: ${labbook.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    say(`bare node http server: ${bare.map((ms) => ms.toFixed(0)).join(", ")} ms`);
    const result = { start_ms: Math.round(median(labbook)), baseline_start_ms: Math.round(median(bare)), first_start_ms: Math.round(first), database: "pglite" };
    say(JSON.stringify(result));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
