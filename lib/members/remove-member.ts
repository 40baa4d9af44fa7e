import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { Role } from "@/lib/access/roles";
import { assertKeepsAnOwner, assertMayManage } from "./member-policy";

/** Removes a member; anyone may leave, admins and owners may remove others. */
export async function removeMember(
  db: Db,
  input: { workspaceId: string; userId: string; actorId: string; actorRole: Role },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, input.workspaceId), eq(members.userId, input.userId)))
      .for("update");
    if (!target) throw notFound("That user is not a member of this workspace.");
    if (input.userId !== input.actorId) assertMayManage(input.actorRole, target.role);
    if (target.role === "owner") await assertKeepsAnOwner(tx, input.workspaceId, input.userId);
    await tx.delete(members).where(and(eq(members.workspaceId, input.workspaceId), eq(members.userId, input.userId)));
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "member.removed",
      subjectType: "user",
      subjectId: input.userId,
      data: { role: target.role },
    });
  });
}
