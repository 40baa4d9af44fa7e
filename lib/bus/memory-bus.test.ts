import { describe, expect, it } from "vitest";
import type { BusMessage } from "./bus";
import { createMemoryBus } from "./memory-bus";

const message = (step: number): BusMessage => ({
  type: "points",
  committedAt: Date.now(),
  event: { runId: "7c9e6679-7425-40de-944b-e07fc1f90ae7", key: "loss", steps: [step], values: [step / 10], timestamps: [new Date(0).toISOString()] },
});

describe("memory bus", () => {
  it("delivers every message to every subscriber in publish order", () => {
    const bus = createMemoryBus();
    const a: number[] = [];
    const b: number[] = [];
    bus.subscribe((m) => m.type === "points" && a.push(...m.event.steps));
    bus.subscribe((m) => m.type === "points" && b.push(...m.event.steps));
    for (let step = 0; step < 5; step++) bus.publish(message(step));
    expect(a).toEqual([0, 1, 2, 3, 4]);
    expect(b).toEqual(a);
  });

  it("keeps going when a subscriber throws, and stops delivering after unsubscribe and close", async () => {
    const bus = createMemoryBus();
    const heard: number[] = [];
    bus.subscribe(() => {
      throw new Error("faulty subscriber");
    });
    const unsubscribe = bus.subscribe((m) => m.type === "points" && heard.push(...m.event.steps));
    expect(() => bus.publish(message(1))).not.toThrow();
    unsubscribe();
    bus.publish(message(2));
    const late: number[] = [];
    bus.subscribe((m) => m.type === "points" && late.push(...m.event.steps));
    await bus.close();
    bus.publish(message(3));
    expect(heard).toEqual([1]);
    expect(late).toEqual([]);
  });
});
