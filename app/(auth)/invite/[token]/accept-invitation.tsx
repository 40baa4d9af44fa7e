"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

interface Accepted {
  workspace: { slug: string; name: string };
  role: string;
}

export function AcceptInvitation({ token, disabled }: { token: string; disabled: boolean }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  return (
    <div className="grid gap-4">
      <FormError message={error} />
      <Button
        disabled={disabled || pending}
        onClick={() =>
          run(async () => {
            const accepted = await api<Accepted>(`/invitations/${encodeURIComponent(token)}/accept`, { body: {} });
            toast.success(`You joined ${accepted.workspace.name} as ${accepted.role}.`);
            router.replace(`/${accepted.workspace.slug}`);
            router.refresh();
          })
        }
      >
        {pending ? <Spinner /> : null}
        Accept invitation
      </Button>
    </div>
  );
}
