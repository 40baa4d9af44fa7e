import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { members } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { roles, type Role } from "@/lib/access/roles";
import { assertKeepsAnOwner, assertMayManage } from "./member-policy";

export const changeMemberRoleInput = z.object({ role: z.enum(roles) });
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleInput>;

/** Changes a member's role; the actor's own role is passed in, already authorized as admin+. */
export async function changeMemberRole(
  db: Db,
  input: ChangeMemberRoleInput & { workspaceId: string; userId: string; actorId: string; actorRole: Role },
): Promise<{ userId: string; role: Role }> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(members)
      .where(and(eq(members.workspaceId, input.workspaceId), eq(members.userId, input.userId)))
      .for("update");
    if (!target) throw notFound("That user is not a member of this workspace.");
    assertMayManage(input.actorRole, target.role, input.role);
    if (target.role === input.role) return { userId: target.userId, role: target.role };
    if (target.role === "owner") await assertKeepsAnOwner(tx, input.workspaceId, input.userId);
    await tx
      .update(members)
      .set({ role: input.role })
      .where(and(eq(members.workspaceId, input.workspaceId), eq(members.userId, input.userId)));
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "member.role_changed",
      subjectType: "user",
      subjectId: input.userId,
      data: { from: target.role, to: input.role },
    });
    return { userId: input.userId, role: input.role };
  });
}
