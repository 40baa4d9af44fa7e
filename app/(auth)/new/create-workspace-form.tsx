"use client";

import { useRouter } from "next/navigation";
import { FormError } from "@/app/_components/form-error";
import { NameSlugFields } from "@/app/_components/name-slug-fields";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const { pending, error, run } = useAction();
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run(async () => {
          const created = await api<{ slug: string }>("/workspaces", {
            body: { name: formText(form, "name"), slug: formText(form, "slug") },
          });
          router.push(`/${created.slug}`);
          router.refresh();
        });
      }}
    >
      <NameSlugFields nameLabel="Workspace name" namePlaceholder="Acme Research" slugPrefix="/" nameMaxLength={80} autoFocus />
      <FormError message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? <Spinner /> : null}
        Create workspace
      </Button>
    </form>
  );
}
