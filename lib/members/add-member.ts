import type { Db } from "@/lib/db/client";
import { members } from "@/lib/db/schema";
import { conflict, isUniqueViolation } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { Role } from "@/lib/access/roles";

/** Adds an existing user to a workspace (operator path; the UI invites by link). */
export async function addMember(
  db: Db,
  input: { workspaceId: string; userId: string; role: Role; actorId: string | null },
): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await tx.insert(members).values({ workspaceId: input.workspaceId, userId: input.userId, role: input.role });
      await recordEvent(tx, {
        workspaceId: input.workspaceId,
        actorId: input.actorId,
        type: "member.added",
        subjectType: "user",
        subjectId: input.userId,
        data: { role: input.role },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("That user is already a member of this workspace.", error);
    throw error;
  }
}
