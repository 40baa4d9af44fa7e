import type { ReactNode } from "react";
import { AppHeader } from "@/app/_components/app-header";
import { WorkspaceNav } from "@/app/_components/workspace-nav";
import { requireUser } from "@/app/_lib/session";
import { getMemberships, getWorkspaceAccess } from "@/app/_lib/workspace";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const user = await requireUser(`/${slug}`);
  const [{ workspace }, memberships] = await Promise.all([getWorkspaceAccess(slug, user.id), getMemberships(user.id)]);
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader
        user={user}
        memberships={memberships}
        current={{ slug: workspace.slug, name: workspace.name }}
        nav={<WorkspaceNav workspace={workspace.slug} />}
      />
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
