/**
 * Series requests go out at most this many at a time, first asked first sent: a page of
 * charts over a hundred runs then fills its charts one after another instead of all of
 * them crawling in together (the browser would interleave them over its six connections).
 */
const MAX_IN_FLIGHT = 6;

let inFlight = 0;
const waiting: (() => void)[] = [];

function release() {
  inFlight--;
  waiting.shift()?.();
}

/** An error for a queued request that was no longer wanted when its turn came. */
export class Superseded extends Error {
  override readonly name = "Superseded";
}

/** Runs `task` when a slot is free; if `signal` has aborted by then, rejects with Superseded without running it. */
export function enqueue<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const start = () => {
      if (signal.aborted) {
        reject(new Superseded("The request was superseded before it was sent."));
        waiting.shift()?.();
        return;
      }
      inFlight++;
      task().then(resolve, reject).finally(release);
    };
    if (inFlight < MAX_IN_FLIGHT) start();
    else waiting.push(start);
  });
}
