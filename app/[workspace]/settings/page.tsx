import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { services } from "@/app/_lib/services";
import { getSessionUser, requireUser } from "@/app/_lib/session";
import { getWorkspaceAccess } from "@/app/_lib/workspace";
import { hasRole, roleDescriptions, roles } from "@/lib/access/roles";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { listMembers } from "@/lib/members/list-members";
import { InvitationsTable } from "./invitations-table";
import { InviteDialog } from "./invite-dialog";
import { MembersTable } from "./members-table";

type Props = { params: Promise<{ workspace: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { workspace } = await params;
  const user = await getSessionUser();
  return { title: `Members · ${user ? (await getWorkspaceAccess(workspace, user.id)).workspace.name : workspace}` };
}

export default async function MembersPage({ params }: Props) {
  const { workspace: slug } = await params;
  const user = await requireUser(`/${slug}/settings`);
  const { workspace, role } = await getWorkspaceAccess(slug, user.id);
  const { database } = await services();
  const canManage = hasRole(role, "admin");
  const grantable = roles.filter((r) => r !== "owner" || role === "owner");
  const [members, invitations] = await Promise.all([
    listMembers(database.db, workspace.id),
    canManage ? listInvitations(database.db, workspace.id) : Promise.resolve([]),
  ]);

  return (
    <div className="space-y-10">
      <PageHeader
        title="Members"
        description={`Who can see and change ${workspace.name}.`}
        actions={canManage ? <InviteDialog workspace={workspace.slug} grantable={grantable} descriptions={roleDescriptions} /> : null}
      />
      <section className="space-y-3" aria-labelledby="members-heading">
        <h2 id="members-heading" className="text-sm font-medium">
          {members.length} {members.length === 1 ? "member" : "members"}
        </h2>
        <div className="rounded-xl border bg-card">
          <MembersTable workspace={workspace.slug} actor={{ id: user.id, role }} members={members} grantable={grantable} />
        </div>
      </section>
      {canManage ? (
        <section className="space-y-3" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading" className="text-sm font-medium">
            Pending invitations
          </h2>
          <InvitationsTable workspace={workspace.slug} invitations={invitations} />
        </section>
      ) : null}
      <section className="space-y-3" aria-labelledby="roles-heading">
        <h2 id="roles-heading" className="text-sm font-medium">
          Roles
        </h2>
        <dl className="grid gap-x-6 gap-y-2 rounded-xl border bg-card p-5 text-sm sm:grid-cols-[8rem_1fr]">
          {roles.map((r) => (
            <div key={r} className="contents">
              <dt className="font-medium capitalize">{r}</dt>
              <dd className="text-muted-foreground">{roleDescriptions[r]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
