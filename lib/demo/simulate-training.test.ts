import { describe, expect, it } from "vitest";
import { createRandom, demoRunSettings, learningRate, simulateStep } from "./simulate-training";

describe("simulated training", () => {
  const run = demoRunSettings(0);

  it("is deterministic for a seed", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it.each([
    [0, run.lr / run.warmupSteps],
    [run.warmupSteps - 1, run.lr],
    [run.warmupSteps, run.lr],
    [run.totalSteps, run.lr * 0.1],
  ])("warms up then decays the learning rate: step %i → %f", (step, lr) => {
    expect(learningRate(run, step)).toBeCloseTo(lr, 10);
  });

  it("lowers the loss over training, with a spike that recovers", () => {
    const random = createRandom(run.seed);
    const loss = (step: number) => simulateStep(run, step, random)["train/loss"] ?? NaN;
    expect(loss(run.totalSteps - 1)).toBeLessThan(loss(0) / 3);
    expect(loss(run.spikeAt)).toBeGreaterThan(loss(run.spikeAt - 5) + 1);
    expect(loss(run.spikeAt + 60)).toBeLessThan(loss(run.spikeAt) - 1);
  });

  it("logs validation every 100 steps and system metrics every 10", () => {
    const random = createRandom(1);
    expect(Object.keys(simulateStep(run, 100, random))).toEqual(expect.arrayContaining(["val/loss", "val/acc", "sys/gpu_util"]));
    expect(Object.keys(simulateStep(run, 101, random))).toEqual(["train/loss", "train/acc", "train/lr"]);
    expect(Object.keys(simulateStep(run, 110, random))).toContain("sys/cpu_util");
  });
});
