import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members } from "@/lib/db/schema";
import { invalid } from "@/lib/errors";
import { MAX_MENTIONS } from "./comment-input";
import { mentionedUserIds } from "./mentions";

/** The user ids a body @mentions, refused unless every one is a member of the workspace. */
export async function mentionedMembersOrThrow(db: DbOrTx, workspaceId: string, body: string): Promise<string[]> {
  const ids = mentionedUserIds(body);
  if (ids.length === 0) return ids;
  if (ids.length > MAX_MENTIONS) throw invalid(`Invalid body: body: must mention at most ${MAX_MENTIONS} people; it mentions ${ids.length}.`);
  const found = await db
    .select({ userId: members.userId })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), inArray(members.userId, ids)));
  const known = new Set(found.map((m) => m.userId));
  const strangers = ids.filter((id) => !known.has(id));
  if (strangers.length > 0) {
    throw invalid(`Invalid body: body: mentions ${strangers.map((id) => `"${id}"`).join(", ")}, who ${strangers.length === 1 ? "is" : "are"} not a member of this workspace.`);
  }
  return ids;
}
