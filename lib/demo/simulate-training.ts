/** Settings of one simulated training run. */
export interface SimulatedRun {
  lr: number;
  batchSize: number;
  optimizer: "adamw" | "sgd";
  warmupSteps: number;
  totalSteps: number;
  /** Step at which the loss spikes (a bad batch), then recovers. */
  spikeAt: number;
  seed: number;
}

/** A small deterministic PRNG (mulberry32), so a seed always gives the same curves. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks the settings of the n-th demo run. */
export function demoRunSettings(n: number): SimulatedRun {
  const lrs = [3e-4, 1e-3, 3e-3, 1e-4];
  const random = createRandom(1000 + n);
  return {
    lr: lrs[n % lrs.length] ?? 1e-3,
    batchSize: [64, 128, 256][n % 3] ?? 128,
    optimizer: n % 2 === 0 ? "adamw" : "sgd",
    warmupSteps: 200,
    totalSteps: 3000,
    spikeAt: 800 + Math.floor(random() * 1200),
    seed: 1000 + n,
  };
}

/** Learning rate at a step: linear warm-up, then cosine decay to 10%. */
export function learningRate(run: SimulatedRun, step: number): number {
  if (step < run.warmupSteps) return (run.lr * (step + 1)) / run.warmupSteps;
  const progress = Math.min(1, (step - run.warmupSteps) / Math.max(1, run.totalSteps - run.warmupSteps));
  return run.lr * (0.1 + 0.45 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * The metrics a training loop would log at `step`: train loss and accuracy every step,
 * validation every 100 steps, system metrics every 10. Noise comes from `random`.
 */
export function simulateStep(run: SimulatedRun, step: number, random: () => number): Record<string, number> {
  const speed = Math.min(3, Math.max(0.3, Math.log10(run.lr / 1e-5)));
  const progress = step / run.totalSteps;
  const floor = 0.08 + 0.05 * Math.abs(Math.log10(run.lr / 1e-3));
  const base = floor + 2.3 * Math.exp(-speed * 3 * progress);
  const spike = step >= run.spikeAt && step < run.spikeAt + 30 ? 2.5 * Math.exp(-(step - run.spikeAt) / 8) : 0;
  const noise = (random() - 0.5) * 0.08 * base;
  const loss = base + spike + noise;
  const metrics: Record<string, number> = {
    "train/loss": loss,
    "train/acc": Math.min(0.995, Math.max(0, 1 - loss / 2.5 + (random() - 0.5) * 0.01)),
    "train/lr": learningRate(run, step),
  };
  if (step % 100 === 0) {
    metrics["val/loss"] = base * 1.08 + (random() - 0.5) * 0.03;
    metrics["val/acc"] = Math.min(0.99, Math.max(0, 1 - (base * 1.08) / 2.5));
  }
  if (step % 10 === 0) {
    metrics["sys/gpu_util"] = 88 + random() * 10;
    metrics["sys/gpu_mem_gb"] = 10.5 + (run.batchSize / 64) * 1.5 + random() * 0.2;
    metrics["sys/cpu_util"] = 35 + random() * 20;
  }
  return metrics;
}
