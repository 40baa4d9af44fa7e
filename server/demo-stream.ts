import { randomUUID } from "node:crypto";
import os from "node:os";
import { createRandom, demoRunSettings, simulateStep } from "@/lib/demo/simulate-training";

const TICK_MS = 250;
const STEPS_PER_TICK = 10;

export interface DemoStreamOptions {
  url: string;
  key: string;
  project: string;
  signal: AbortSignal;
  /** Called with each run's page URL when it starts. */
  onRun?: (run: { name: string; url: string }) => void;
  /** Stop after this many runs (default: until aborted). */
  maxRuns?: number;
}

async function call(options: DemoStreamOptions, path: string, method: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${options.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Streams simulated training runs through the public API, one after another, until
 * aborted; the run in progress is then marked killed.
 */
export async function streamDemoRuns(options: DemoStreamOptions): Promise<number> {
  let count = 0;
  for (let n = 0; !options.signal.aborted && n < (options.maxRuns ?? Infinity); n++) {
    const settings = demoRunSettings(n);
    const random = createRandom(settings.seed);
    const run = (await call(options, "/runs", "POST", {
      project: options.project,
      params: { lr: settings.lr, batch_size: settings.batchSize, optimizer: settings.optimizer, warmup_steps: settings.warmupSteps, total_steps: settings.totalSteps, model: { name: "cnn", layers: 4, dropout: 0.1 } },
      tags: ["demo", settings.optimizer],
      repro: { command: ["python", "train.py", `--lr=${settings.lr}`], cwd: "/home/demo/mnist", host: os.hostname(), runtime: { name: "python", version: "3.11.7" }, seed: settings.seed, git: { commit: "b7f2c9e", branch: "main", dirty: false } },
    })) as { id: string; name: string; url: string };
    count++;
    options.onRun?.({ name: run.name, url: run.url });
    let step = 0;
    while (step < settings.totalSteps && !options.signal.aborted) {
      const points: { key: string; step: number; value: number; ts: number }[] = [];
      for (let i = 0; i < STEPS_PER_TICK && step < settings.totalSteps; i++, step++) {
        const now = Date.now();
        for (const [key, value] of Object.entries(simulateStep(settings, step, random))) points.push({ key, step, value, ts: now });
      }
      await call(options, `/runs/${run.id}/metrics`, "POST", { batchId: randomUUID(), points });
      await sleep(TICK_MS, options.signal);
    }
    await call(options, `/runs/${run.id}`, "PATCH", { status: options.signal.aborted ? "killed" : "finished" });
    await sleep(2000, options.signal);
  }
  return count;
}
