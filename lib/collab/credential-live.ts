import { and, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { apiKeys, sessions } from "@/lib/db/schema";

/** The credential a long-lived connection was opened with. */
export type Credential = { kind: "api_key"; apiKeyId: string } | { kind: "session"; sessionId: string };

/** True while an API key is unrevoked, or a session exists and has not expired. */
export async function isCredentialLive(db: DbOrTx, credential: Credential): Promise<boolean> {
  if (credential.kind === "api_key") {
    const rows = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.id, credential.apiKeyId), isNull(apiKeys.revokedAt))).limit(1);
    return rows.length > 0;
  }
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, credential.sessionId), gt(sessions.expiresAt, new Date())))
    .limit(1);
  return rows.length > 0;
}
