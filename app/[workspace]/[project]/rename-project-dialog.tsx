"use client";

import { PencilIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Field } from "@/app/_components/field";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { SubmitOnModEnter } from "@/app/_components/submit-on-mod-enter";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/app/_components/ui/dialog";
import { Label } from "@/app/_components/ui/label";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

/** Renames a project and edits its description; the slug (and so every URL) stays. */
export function RenameProjectDialog({ workspace, project }: { workspace: string; project: { slug: string; name: string; description: string } }) {
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
        <Button variant="outline" size="sm">
          <PencilIcon />
          Edit
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run(async () => {
              await api(`/projects/${workspace}/${project.slug}`, {
                method: "PATCH",
                body: { name: formText(form, "name"), description: formText(form, "description") },
              });
              toast.success("Project updated");
              setOpen(false);
              router.refresh();
            });
          }}
        >
          <DialogHeader>
            <DialogTitle>Edit project</DialogTitle>
            <DialogDescription>
              The URL stays <span className="font-mono">{`${workspace}/${project.slug}`}</span>, so links and scripts keep working.
            </DialogDescription>
          </DialogHeader>
          <Field id="name" label="Name" defaultValue={project.name} required maxLength={100} autoFocus autoComplete="off" />
          <div className="grid gap-2">
            <Label htmlFor="description">Description</Label>
            <SubmitOnModEnter id="description" name="description" defaultValue={project.description} maxLength={2000} rows={4} />
          </div>
          <FormError message={error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
