import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Role } from "@/lib/access/roles";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { users, type User, type Workspace } from "@/lib/db/schema";
import { addMember } from "@/lib/members/add-member";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import type { TestServer } from "./server";

let counter = 0;

/** A slug no other test in the process has used: `<prefix>-<n>`. */
export function uniqueSlug(prefix: string): string {
  counter++;
  return `${prefix}-${counter}`;
}

/** A user known by id and API key only. */
export interface KeyUser {
  user: User;
  key: string;
}

/**
 * A user with an API key but no password, optionally a member of a workspace. Much faster than
 * `TestServer.createUser` (no password hashing); use it for anyone who never signs in.
 */
export async function createKeyUser(
  t: TestServer,
  options: { name?: string; workspaceId?: string; role?: Role } = {},
): Promise<KeyUser> {
  const db = t.server.services.database.db;
  const id = randomUUID();
  const [user] = await db
    .insert(users)
    .values({ id, email: `key-user-${id}@example.com`, name: options.name ?? "Key user" })
    .returning();
  if (!user) throw new Error("insert returned no user");
  if (options.workspaceId) await addMember(db, { workspaceId: options.workspaceId, userId: id, role: options.role ?? "viewer", actorId: null });
  const { key } = await createApiKey(db, { userId: id, name: "test" });
  return { user, key };
}

/** A new workspace owned by a new (password-less) user with an API key. */
export async function createOwnedWorkspace(
  t: TestServer,
  options: { slug?: string; name?: string } = {},
): Promise<{ workspace: Workspace; owner: KeyUser }> {
  const owner = await createKeyUser(t, { name: "Owner" });
  const slug = options.slug ?? uniqueSlug("ws");
  const workspace = await createWorkspace(t.server.services.database.db, {
    slug,
    name: options.name ?? `Workspace ${slug}`,
    ownerId: owner.user.id,
  });
  return { workspace, owner };
}

/** Rows in the activity log; every domain write records one, so an unchanged count means nothing was written. */
export async function countEvents(t: TestServer): Promise<number> {
  const [row] = await t.server.services.database.rows<{ n: number }>(sql`select count(*)::int as n from events`);
  return row?.n ?? 0;
}
