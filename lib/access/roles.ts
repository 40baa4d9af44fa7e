import { roles, type Role } from "@/lib/db/schema";

export { roles, type Role };

const rank: Record<Role, number> = { owner: 5, admin: 4, editor: 3, commenter: 2, viewer: 1 };

/** True when `role` is `min` or more powerful. */
export function hasRole(role: Role, min: Role): boolean {
  return rank[role] >= rank[min];
}

/** Human-readable description of what each role may do. */
export const roleDescriptions: Record<Role, string> = {
  owner: "Full control, including owners and deleting the workspace",
  admin: "Manage members, invitations and projects",
  editor: "Create projects, log runs and edit notebooks",
  commenter: "Read everything and comment",
  viewer: "Read everything",
};
