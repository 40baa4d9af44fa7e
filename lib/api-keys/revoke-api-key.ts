import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";

/** Revokes one of the caller's own API keys; it stops working at once. */
export async function revokeApiKey(db: Db, input: { userId: string; apiKeyId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, input.apiKeyId), eq(apiKeys.userId, input.userId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (!row) throw notFound("No active API key with that id belongs to you.");
    await recordEvent(tx, {
      workspaceId: null,
      actorId: input.userId,
      type: "api_key.revoked",
      subjectType: "api_key",
      subjectId: row.id,
    });
  });
}
