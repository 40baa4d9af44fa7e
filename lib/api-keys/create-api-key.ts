import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { apiKeys, type ApiKey } from "@/lib/db/schema";
import { recordEvent } from "@/lib/events/record-event";
import { hashSecret, newSecret } from "@/lib/tokens";

/** Every key starts with this, so leaked keys are easy to recognise and scan for. */
export const API_KEY_PREFIX = "lbk_";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters").default("API key"),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** Creates an API key for a user; the plain key is returned once and stored only hashed. */
export async function createApiKey(db: Db, input: { userId: string; name: string }): Promise<{ apiKey: ApiKey; key: string }> {
  const key = newSecret(API_KEY_PREFIX);
  return db.transaction(async (tx) => {
    const [apiKey] = await tx
      .insert(apiKeys)
      .values({ userId: input.userId, name: input.name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: hashSecret(key) })
      .returning();
    if (!apiKey) throw new Error("insert returned no API key");
    await recordEvent(tx, {
      workspaceId: null,
      actorId: input.userId,
      type: "api_key.created",
      subjectType: "api_key",
      subjectId: apiKey.id,
      data: { name: input.name },
    });
    return { apiKey, key };
  });
}
