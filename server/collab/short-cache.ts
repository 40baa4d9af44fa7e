/**
 * Remembers successful lookups for a few seconds: a reconnect storm, or a script opening many
 * connections with one key, costs one database round trip instead of one per connection.
 * Failures are not remembered. Access is re-checked on open connections anyway (recheck.ts),
 * so a cached answer is never trusted for longer than that interval.
 */
export function createShortCache<V>(ttlMs: number, maxEntries = 1_000) {
  const entries = new Map<string, { value: Promise<V>; expires: number }>();
  return {
    get(key: string, load: () => Promise<V>): Promise<V> {
      const now = Date.now();
      const hit = entries.get(key);
      if (hit && hit.expires > now) return hit.value;
      if (entries.size >= maxEntries) {
        for (const [k, e] of entries) if (e.expires <= now) entries.delete(k);
        if (entries.size >= maxEntries) entries.clear();
      }
      const value = load();
      entries.set(key, { value, expires: now + ttlMs });
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
    clear: () => entries.clear(),
  };
}
