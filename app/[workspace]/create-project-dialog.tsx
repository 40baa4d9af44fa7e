"use client";

import { PlusIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FormError } from "@/app/_components/form-error";
import { NameSlugFields } from "@/app/_components/name-slug-fields";
import { Spinner } from "@/app/_components/spinner";
import { SubmitOnModEnter } from "@/app/_components/submit-on-mod-enter";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/app/_components/ui/dialog";
import { Label } from "@/app/_components/ui/label";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

interface CreatedProject {
  slug: string;
  name: string;
}

export function CreateProjectDialog({ workspace }: { workspace: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { pending, error, setError, run } = useAction();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <PlusIcon />
          New project
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const description = formText(form, "description").trim();
            run(async () => {
              const project = await api<CreatedProject>(`/workspaces/${workspace}/projects`, {
                body: { name: formText(form, "name"), slug: formText(form, "slug"), ...(description && { description }) },
              });
              toast.success(`Created ${project.name}`);
              setOpen(false);
              router.push(`/${workspace}/${project.slug}`);
            });
          }}
        >
          <DialogHeader>
            <DialogTitle>New project</DialogTitle>
            <DialogDescription>Runs, notebooks and decisions live inside a project.</DialogDescription>
          </DialogHeader>
          <NameSlugFields nameLabel="Name" namePlaceholder="Image classifier" slugPrefix={`${workspace}/`} nameMaxLength={100} autoFocus />
          <div className="grid gap-2">
            <Label htmlFor="description">
              Description <span className="font-normal text-muted-foreground">(optional)</span>
            </Label>
            <SubmitOnModEnter id="description" name="description" maxLength={2000} rows={3} placeholder="What is this project trying to find out?" />
          </div>
          <FormError message={error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              Create project
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
