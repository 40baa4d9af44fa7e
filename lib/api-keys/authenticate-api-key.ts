import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { apiKeys, users, type User } from "@/lib/db/schema";
import { unauthenticated } from "@/lib/errors";
import { hashSecret } from "@/lib/tokens";

/** Last-used times are written at most this often per key, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60_000;

/** Resolves the user behind an API key; a wrong or revoked key is unauthenticated. */
export async function authenticateApiKey(db: Db, key: string): Promise<{ user: User; apiKeyId: string }> {
  const [row] = await db
    .select({ user: users, id: apiKeys.id, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, hashSecret(key)))
    .limit(1);
  if (!row) throw unauthenticated("The API key is not valid. Check it, or create a new one in Settings → API keys.");
  if (row.revokedAt) throw unauthenticated("This API key has been revoked. Create a new one in Settings → API keys.");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  return { user: row.user, apiKeyId: row.id };
}
