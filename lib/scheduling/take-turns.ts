/** A queued job that was no longer wanted when its turn came. */
export class TurnSkipped extends Error {
  override readonly name = "TurnSkipped";
}

/** Hands the main thread back to the browser (input, rendering) before the next job. */
export type YieldFn = () => Promise<void>;

interface SchedulerWithYield {
  yield?: () => Promise<void>;
}

/**
 * Yields to the event loop: `scheduler.yield()` where the browser has it (the job resumes
 * ahead of other queued work), else a zero-delay timer; either way pending input runs first.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerWithYield }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs heavy main-thread jobs one at a time, each in its own task. */
export interface TurnQueue {
  /**
   * Runs `job` once every job queued before it has finished (its promise settled) and the
   * thread has been yielded; resolves with its result. If `signal` has aborted by then, the
   * job is not run and the promise rejects with TurnSkipped.
   */
  take<T>(job: () => T | Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Jobs waiting or running. */
  readonly size: number;
}

/**
 * Makes a queue where expensive jobs (drawing a chart of a hundred curves) take turns:
 * several charts ready at once are drawn in separate tasks with a yield between each, so
 * no task holds more than one of them and input in between is answered. A job still
 * unsettled `stallMs` after it began no longer holds up the ones behind it.
 */
export function takeTurns(yieldNow: YieldFn = yieldToMain, { stallMs = 5_000 }: { stallMs?: number } = {}): TurnQueue {
  let tail: Promise<void> = Promise.resolve();
  let size = 0;
  return {
    take<T>(job: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
      size++;
      let began = () => {};
      const started = new Promise<void>((resolve) => {
        began = resolve;
      });
      const turn = tail.then(async () => {
        await yieldNow();
        began();
        if (signal?.aborted) throw new TurnSkipped("The job was superseded before its turn.");
        return job();
      });
      const done = turn.finally(() => {
        size--;
      });
      const settled = done.then(
        () => undefined,
        () => undefined,
      );
      // The next job waits for this one however it ends, but not forever: a job whose
      // promise never settles must not leave every later one waiting.
      const gaveUp = started.then(() => new Promise<void>((resolve) => setTimeout(resolve, stallMs)));
      tail = Promise.race([settled, gaveUp]);
      return done;
    },
    get size() {
      return size;
    },
  };
}
