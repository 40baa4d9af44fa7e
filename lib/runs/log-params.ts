import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { conflict } from "@/lib/errors";

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );

/**
 * Adds params to a run. Params are write-once per key: sending the same value again is
 * fine, a different value is a conflict naming the key, and then nothing is written.
 */
export async function logParams(db: Db, input: { runId: string; params: Record<string, unknown> }): Promise<Record<string, unknown>> {
  return db.transaction(async (tx) => {
    const [run] = await tx.select({ params: runs.params }).from(runs).where(eq(runs.id, input.runId)).for("update");
    const current = run?.params ?? {};
    for (const [key, value] of Object.entries(input.params)) {
      if (key in current && canonical(current[key]) !== canonical(value)) {
        throw conflict(`Param "${key}" is already ${canonical(current[key])}; params are write-once, so it cannot become ${canonical(value)}.`);
      }
    }
    const merged = { ...current, ...input.params };
    await tx.update(runs).set({ params: merged, lastSeenAt: sql`now()` }).where(eq(runs.id, input.runId));
    return merged;
  });
}
