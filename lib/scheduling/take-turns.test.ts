import { describe, expect, it } from "vitest";
import { takeTurns, TurnSkipped, yieldToMain } from "./take-turns";

/** Lets queued promise callbacks run. */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A yield the test releases by hand, to see what runs between turns. */
function manualYields() {
  const waiting: (() => void)[] = [];
  return {
    yieldNow: () => new Promise<void>((resolve) => waiting.push(resolve)),
    release: async () => {
      await settle();
      waiting.shift()?.();
      await settle();
    },
    get pending() {
      return waiting.length;
    },
  };
}

describe("takeTurns", () => {
  it("runs jobs one at a time, in order, yielding before each", async () => {
    const yields = manualYields();
    const queue = takeTurns(yields.yieldNow);
    const log: string[] = [];
    const a = queue.take(() => {
      log.push("a");
      return 1;
    });
    const b = queue.take(() => {
      log.push("b");
      return 2;
    });
    expect(queue.size).toBe(2);
    await settle();
    expect(log).toEqual([]);
    await yields.release();
    expect(log).toEqual(["a"]);
    await yields.release();
    expect(log).toEqual(["a", "b"]);
    await expect(a).resolves.toBe(1);
    await expect(b).resolves.toBe(2);
    expect(queue.size).toBe(0);
  });

  it("waits for an asynchronous job to settle before the next starts", async () => {
    const yields = manualYields();
    const queue = takeTurns(yields.yieldNow);
    let finishFirst: (() => void) | undefined;
    const log: string[] = [];
    const first = queue.take(
      () =>
        new Promise<void>((resolve) => {
          log.push("first started");
          finishFirst = () => {
            log.push("first done");
            resolve();
          };
        }),
    );
    const second = queue.take(() => log.push("second"));
    await yields.release();
    expect(log).toEqual(["first started"]);
    // The second job has not even asked to yield while the first is running.
    expect(yields.pending).toBe(0);
    finishFirst?.();
    await first;
    await yields.release();
    await second;
    expect(log).toEqual(["first started", "first done", "second"]);
  });

  it("skips a job whose signal aborted before its turn, and goes on with the rest", async () => {
    const queue = takeTurns(() => Promise.resolve());
    const abort = new AbortController();
    const ran: string[] = [];
    const skipped = queue.take(() => ran.push("skipped"), abort.signal);
    const kept = queue.take(() => ran.push("kept"));
    abort.abort();
    await expect(skipped).rejects.toBeInstanceOf(TurnSkipped);
    await kept;
    expect(ran).toEqual(["kept"]);
  });

  it("a failing job rejects its own promise only", async () => {
    const queue = takeTurns(() => Promise.resolve());
    const failed = queue.take(() => {
      throw new Error("draw failed");
    });
    const next = queue.take(() => "drawn");
    await expect(failed).rejects.toThrow("draw failed");
    await expect(next).resolves.toBe("drawn");
    expect(queue.size).toBe(0);
  });

  it("a job that never settles holds the next one up for stallMs only", async () => {
    const queue = takeTurns(() => Promise.resolve(), { stallMs: 30 });
    const started = performance.now();
    void queue.take(() => new Promise<never>(() => {}));
    const next = await queue.take(() => performance.now());
    expect(next - started).toBeGreaterThanOrEqual(25);
    expect(queue.size).toBe(1);
  });

  it("with the real yield, a timer queued before a turn fires before the job runs", async () => {
    const queue = takeTurns(yieldToMain);
    const log: string[] = [];
    const job = queue.take(() => log.push("job"));
    setTimeout(() => log.push("timer"), 0);
    await job;
    expect(log).toEqual(["timer", "job"]);
  });
});
