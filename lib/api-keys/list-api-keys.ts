import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { apiKeys } from "@/lib/db/schema";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A user's API keys, newest first, without their hashes. */
export async function listApiKeys(db: DbOrTx, userId: string): Promise<ApiKeyView[]> {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt));
}
