/**
 * Fixed-window rate-limit counters kept by one auth instance (a process-wide store would
 * mix instances that share a process, such as tests). Entries expire with their window.
 */
export function createRateLimitStore(now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return {
    consume(key: string, rule: { window: number; max: number }): Promise<{ allowed: boolean; retryAfter: number | null }> {
      const t = now();
      const windowMs = rule.window * 1000;
      if (t - lastSweep > 60_000) {
        for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
        lastSweep = t;
      }
      const current = windows.get(key);
      if (!current || t - current.start >= windowMs) {
        windows.set(key, { start: t, count: 1 });
        return Promise.resolve({ allowed: true, retryAfter: null });
      }
      if (current.count >= rule.max) {
        return Promise.resolve({ allowed: false, retryAfter: Math.ceil((current.start + windowMs - t) / 1000) });
      }
      current.count++;
      return Promise.resolve({ allowed: true, retryAfter: null });
    },
  };
}
