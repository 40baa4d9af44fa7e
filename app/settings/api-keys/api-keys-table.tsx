"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { RelativeTime } from "@/app/_components/relative-time";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/app/_components/ui/table";
import { api } from "@/app/_lib/api";
import { cn } from "@/app/_lib/cn";
import type { ApiKeyView } from "@/lib/api-keys/list-api-keys";

export function ApiKeysTable({ keys }: { keys: ApiKeyView[] }) {
  const router = useRouter();
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="pl-5">Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead className="hidden sm:table-cell">Created</TableHead>
          <TableHead className="hidden sm:table-cell">Last used</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="pr-5">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((key) => (
          <TableRow key={key.id} data-testid="api-key-row" className={cn(key.revokedAt && "text-muted-foreground")}>
            <TableCell className="pl-5 font-medium">{key.name}</TableCell>
            <TableCell className="font-mono text-xs">{key.prefix}…</TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">
              <RelativeTime date={key.createdAt} />
            </TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">{key.lastUsedAt ? <RelativeTime date={key.lastUsedAt} /> : "Never"}</TableCell>
            <TableCell>
              {key.revokedAt ? (
                <Badge variant="outline" className="text-muted-foreground">
                  Revoked <RelativeTime date={key.revokedAt} />
                </Badge>
              ) : (
                <Badge variant="secondary">Active</Badge>
              )}
            </TableCell>
            <TableCell className="pr-5 text-right">
              {key.revokedAt ? null : (
                <ConfirmDialog
                  trigger={
                    <Button variant="ghost" size="sm" className="text-muted-foreground hover:text-destructive">
                      Revoke
                    </Button>
                  }
                  title={`Revoke “${key.name}”?`}
                  description="Scripts using this key stop working immediately. This cannot be undone."
                  confirmLabel="Revoke key"
                  onConfirm={async () => {
                    await api(`/api-keys/${key.id}`, { method: "DELETE" });
                    toast.success(`Revoked ${key.name}`);
                    router.refresh();
                  }}
                />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
