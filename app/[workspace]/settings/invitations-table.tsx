"use client";

import { MailIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { EmptyState } from "@/app/_components/empty-state";
import { RelativeTime } from "@/app/_components/relative-time";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { api } from "@/app/_lib/api";
import type { InvitationView } from "@/lib/invitations/list-invitations";

export function InvitationsTable({ workspace, invitations }: { workspace: string; invitations: InvitationView[] }) {
  const router = useRouter();
  if (invitations.length === 0) {
    return (
      <EmptyState icon={MailIcon} title="No pending invitations" className="py-10">
        Links you create with Invite are listed here until they are used, revoked or expire.
      </EmptyState>
    );
  }
  return (
    <div className="rounded-xl border bg-card">
      <Table>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-5">For</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden md:table-cell">Invited by</TableHead>
            <TableHead className="hidden sm:table-cell">Expires</TableHead>
            <TableHead className="pr-5">
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {invitations.map((invitation) => (
            <TableRow key={invitation.id}>
              <TableCell className="pl-5">{invitation.email ?? <span className="text-muted-foreground">Anyone with the link</span>}</TableCell>
              <TableCell>
                <Badge variant="secondary" className="capitalize">
                  {invitation.role}
                </Badge>
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{invitation.invitedBy ?? "—"}</TableCell>
              <TableCell className="hidden text-muted-foreground sm:table-cell">
                <RelativeTime date={invitation.expiresAt} />
              </TableCell>
              <TableCell className="pr-5 text-right">
                <ConfirmDialog
                  trigger={
                    <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive">
                      Revoke
                    </Button>
                  }
                  title="Revoke this invitation?"
                  description="The link stops working immediately. People who already joined keep their access."
                  confirmLabel="Revoke link"
                  onConfirm={async () => {
                    await api(`/workspaces/${workspace}/invitations/${invitation.id}`, { method: "DELETE" });
                    toast.success("Invitation revoked");
                    router.refresh();
                  }}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
