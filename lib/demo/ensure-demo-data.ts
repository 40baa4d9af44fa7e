import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members, projects, users, workspaces } from "@/lib/db/schema";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { addMember } from "@/lib/members/add-member";
import { createProject } from "@/lib/projects/create-project";
import { createUser } from "@/lib/users/create-user";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

export const DEMO_EMAIL = "demo@labbook.dev";
export const DEMO_PASSWORD = "labbook-demo";
export const DEMO_WORKSPACE = "demo";
export const DEMO_PROJECT = "mnist";

/** Creates the demo user, workspace and project when missing, and a fresh API key for streaming. */
export async function ensureDemoData(db: Db): Promise<{ email: string; password: string; project: string; key: string; createdUser: boolean }> {
  let [user] = await db.select().from(users).where(eq(users.email, DEMO_EMAIL));
  const createdUser = !user;
  user ??= await createUser(db, { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: "Demo" });
  let [workspace] = await db.select().from(workspaces).where(eq(workspaces.slug, DEMO_WORKSPACE));
  workspace ??= await createWorkspace(db, { slug: DEMO_WORKSPACE, name: "Demo", ownerId: user.id });
  const [membership] = await db
    .select()
    .from(members)
    .where(and(eq(members.workspaceId, workspace.id), eq(members.userId, user.id)));
  if (!membership) await addMember(db, { workspaceId: workspace.id, userId: user.id, role: "editor", actorId: null });
  const [project] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspace.id), eq(projects.slug, DEMO_PROJECT)));
  if (!project) await createProject(db, { workspaceId: workspace.id, slug: DEMO_PROJECT, name: "MNIST classifier", actorId: user.id });
  const { key } = await createApiKey(db, { userId: user.id, name: "demo stream" });
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, project: `${DEMO_WORKSPACE}/${DEMO_PROJECT}`, key, createdUser };
}
