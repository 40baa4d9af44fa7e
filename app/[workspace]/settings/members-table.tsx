"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { RelativeTime } from "@/app/_components/relative-time";
import { Avatar } from "@/app/_components/ui/avatar";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { api, errorMessage } from "@/app/_lib/api";
import type { Role } from "@/lib/access/roles";
import type { MemberView } from "@/lib/members/list-members";

/** Mirrors the API's rule (lib/members/member-policy): admins manage everyone but owners. */
function mayManage(actor: Role, target: Role): boolean {
  if (actor === "owner") return true;
  return actor === "admin" && target !== "owner";
}

/** `grantable`: the roles the actor may hand out, most powerful first. */
export function MembersTable({
  workspace,
  actor,
  members,
  grantable,
}: {
  workspace: string;
  actor: { id: string; role: Role };
  members: MemberView[];
  grantable: Role[];
}) {
  const router = useRouter();
  // The last owner cannot leave (the API refuses), so the button is not offered.
  const owners = members.filter((m) => m.role === "owner").length;

  const changeRole = (member: MemberView, role: Role) => {
    api(`/workspaces/${workspace}/members/${encodeURIComponent(member.userId)}`, { method: "PATCH", body: { role } }).then(
      () => {
        toast.success(`${member.name} is now ${role}`);
        router.refresh();
      },
      (error: unknown) => toast.error(errorMessage(error)),
    );
  };

  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="pl-5">Name</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden sm:table-cell">Joined</TableHead>
          <TableHead className="pr-5">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => {
          const self = member.userId === actor.id;
          const editable = !self && mayManage(actor.role, member.role);
          return (
            <TableRow key={member.userId}>
              <TableCell className="pl-5">
                <div className="flex items-center gap-3">
                  <Avatar name={member.name} />
                  <div className="min-w-0">
                    <div className="truncate font-medium">
                      {member.name}
                      {self ? <span className="ml-1.5 text-xs font-normal text-muted-foreground">(you)</span> : null}
                    </div>
                    <div className="truncate text-xs text-muted-foreground">{member.email}</div>
                  </div>
                </div>
              </TableCell>
              <TableCell>
                {editable ? (
                  <Select value={member.role} onValueChange={(value) => changeRole(member, grantable.find((r) => r === value) ?? member.role)}>
                    <SelectTrigger size="sm" className="w-32 capitalize" aria-label={`Role of ${member.name}`}>
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {grantable.map((r) => (
                        <SelectItem key={r} value={r} className="capitalize">
                          {r}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                ) : (
                  <Badge variant="secondary" className="capitalize">
                    {member.role}
                  </Badge>
                )}
              </TableCell>
              <TableCell className="hidden text-muted-foreground sm:table-cell">
                <RelativeTime date={member.joinedAt} />
              </TableCell>
              <TableCell className="pr-5 text-right">
                {self && !(member.role === "owner" && owners === 1) ? (
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm">
                        Leave
                      </Button>
                    }
                    title="Leave this workspace?"
                    description="You will lose access to its projects until someone invites you again."
                    confirmLabel="Leave workspace"
                    onConfirm={async () => {
                      await api(`/workspaces/${workspace}/members/${encodeURIComponent(member.userId)}`, { method: "DELETE" });
                      router.replace("/");
                      router.refresh();
                    }}
                  />
                ) : editable ? (
                  <ConfirmDialog
                    trigger={
                      <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive">
                        Remove
                      </Button>
                    }
                    title={`Remove ${member.name}?`}
                    description={`${member.email} will lose access to this workspace. You can invite them again later.`}
                    confirmLabel="Remove member"
                    onConfirm={async () => {
                      await api(`/workspaces/${workspace}/members/${encodeURIComponent(member.userId)}`, { method: "DELETE" });
                      toast.success(`Removed ${member.name}`);
                      router.refresh();
                    }}
                  />
                ) : null}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
