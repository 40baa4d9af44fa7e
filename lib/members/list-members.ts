import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, users } from "@/lib/db/schema";
import type { Role } from "@/lib/access/roles";

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
}

/** Members of a workspace with their roles, by name. */
export async function listMembers(db: DbOrTx, workspaceId: string): Promise<MemberView[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: members.role, joinedAt: members.createdAt })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.workspaceId, workspaceId))
    .orderBy(asc(users.name), asc(users.email));
}
