"use client";

import { UserPlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/app/_components/copy-button";
import { Field } from "@/app/_components/field";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/app/_components/ui/dialog";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { formatAbsolute } from "@/app/_lib/format";
import { useAction } from "@/app/_lib/use-action";
import type { Role } from "@/lib/access/roles";

interface CreatedInvitation {
  url: string;
  role: Role;
  email: string | null;
  expiresAt: string;
}

/** Creates an invitation link (role, optionally bound to one address) and shows it to copy. */
export function InviteDialog({ workspace, grantable, descriptions }: { workspace: string; grantable: Role[]; descriptions: Record<Role, string> }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("editor");
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const { pending, error, setError, run } = useAction();

  const reset = () => {
    setCreated(null);
    setRole("editor");
    setError(null);
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlusIcon />
          Invite
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Invitation link ready</DialogTitle>
              <DialogDescription>
                {created.email ? `Only ${created.email} can use this link` : "Anyone with this link can join"} as{" "}
                <span className="font-medium text-foreground">{created.role}</span> until {formatAbsolute(new Date(created.expiresAt))}. Send
                it to them directly; it works once.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="invite-url">Link</Label>
              <div className="flex gap-2">
                <Input id="invite-url" data-testid="invite-url" readOnly value={created.url} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
                <CopyButton value={created.url} label="Copy link" />
              </div>
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={reset}>
                Invite someone else
              </Button>
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              const email = formText(new FormData(event.currentTarget), "email").trim();
              run(async () => {
                const invitation = await api<CreatedInvitation>(`/workspaces/${workspace}/invitations`, {
                  body: { role, ...(email && { email }) },
                });
                setCreated(invitation);
                router.refresh();
              });
            }}
          >
            <DialogHeader>
              <DialogTitle>Invite to workspace</DialogTitle>
              <DialogDescription>Create a link to send to a teammate. It expires after 7 days.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="invite-role">Role</Label>
              <Select value={role} onValueChange={(value) => setRole(grantable.find((r) => r === value) ?? "editor")}>
                <SelectTrigger id="invite-role" className="w-full capitalize">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {grantable.map((r) => (
                    <SelectItem key={r} value={r}>
                      <span className="capitalize">{r}</span>
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <p className="text-xs text-muted-foreground">{descriptions[role]}.</p>
            </div>
            <Field
              id="email"
              label="Email (optional)"
              type="email"
              placeholder="name@example.com"
              autoComplete="off"
              hint="If set, only this address can accept the invitation."
            />
            <FormError message={error} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? <Spinner /> : null}
                Create link
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
