import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, workspaces } from "@/lib/db/schema";
import type { Role } from "@/lib/access/roles";

export interface Membership {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

/** The workspaces a user belongs to, with their role in each, by name. */
export async function listMemberships(db: DbOrTx, userId: string): Promise<Membership[]> {
  return db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: members.role })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(eq(members.userId, userId))
    .orderBy(asc(workspaces.name));
}
