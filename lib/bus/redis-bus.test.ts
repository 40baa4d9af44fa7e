import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { Bus, BusMessage } from "./bus";
import { createRedisBus } from "./redis-bus";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const runId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const points = (step: number): BusMessage => ({
  type: "points",
  committedAt: 1_700_000_000_000 + step,
  event: { runId, key: "loss", steps: [step], values: [step === 2 ? "NaN" : step / 10], timestamps: [new Date(step).toISOString()] },
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe("redis bus", () => {
  const buses: Bus[] = [];
  afterAll(async () => {
    await Promise.all(buses.map((b) => b.close()));
  });

  it("delivers each message once to every process, the publisher included, in each publisher's order", async () => {
    const channel = `labbook:test:${randomUUID()}`;
    const [a, b] = [createRedisBus(REDIS_URL, { channel }), createRedisBus(REDIS_URL, { channel })];
    buses.push(a, b);
    const heardA: BusMessage[] = [];
    const heardB: BusMessage[] = [];
    a.subscribe((m) => heardA.push(m));
    b.subscribe((m) => heardB.push(m));
    await Promise.all([a.ready(), b.ready()]);
    for (let step = 0; step < 5; step++) a.publish(points(step));
    b.publish({ type: "run", event: { runId, status: "finished", summaries: [] } });
    await until(() => heardA.length === 6 && heardB.length === 6);
    // Two publishers' messages may interleave either way; each one's stay in order, and every
    // subscriber hears the same sequence.
    expect(heardA.filter((m) => m.type === "points")).toEqual([0, 1, 2, 3, 4].map(points));
    expect(heardA.filter((m) => m.type === "run")).toEqual([{ type: "run", event: { runId, status: "finished", summaries: [] } }]);
    expect(heardB).toEqual(heardA);
  });

  it("ignores foreign messages on its channel and survives a faulty subscriber", async () => {
    const channel = `labbook:test:${randomUUID()}`;
    const bus = createRedisBus(REDIS_URL, { channel });
    buses.push(bus);
    const heard: BusMessage[] = [];
    bus.subscribe(() => {
      throw new Error("faulty subscriber");
    });
    bus.subscribe((m) => heard.push(m));
    await bus.ready();
    const raw = new Redis(REDIS_URL);
    await raw.publish(channel, "not json");
    await raw.publish(channel, JSON.stringify({ type: "mystery", event: {} }));
    await raw.quit();
    bus.publish(points(7));
    await until(() => heard.length === 1);
    expect(heard).toEqual([points(7)]);
  });

  it("never throws when Redis is unreachable, and closes without having connected", async () => {
    const bus = createRedisBus("redis://127.0.0.1:1", { channel: "labbook:test:unreachable" });
    expect(() => bus.publish(points(1))).not.toThrow();
    await bus.close();
  });
});
