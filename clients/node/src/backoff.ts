/** Exponential backoff with jitter. */

export const BASE_MS = 500;
export const MAX_MS = 30_000;

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** The server's Retry-After, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** A number in [0, 1); `Math.random` by default. */
  random?: () => number;
}

/**
 * Milliseconds to wait before retry number `attempt` (0-based).
 *
 * The ceiling doubles per attempt up to the cap; the wait is drawn from its upper half
 * ("equal jitter"), so clients that failed together spread out yet never retry at once.
 * A server's Retry-After is honoured as a floor, within twice the cap.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = BASE_MS, capMs = MAX_MS, retryAfterMs, random = Math.random } = options;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 32));
  const delay = ceiling / 2 + (random() * ceiling) / 2;
  if (retryAfterMs !== undefined && retryAfterMs > delay) return Math.min(retryAfterMs, 2 * capMs);
  return delay;
}

/** Resolves after `ms`; the timer keeps the process alive (for what the caller awaits). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
