"use client";

import { useState, type ReactNode } from "react";
import { Field } from "@/app/_components/field";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/app/_components/ui/dialog";
import { formText } from "@/app/_lib/form";
import { useAction } from "@/app/_lib/use-action";

/** Asks for a notebook title (to create or rename); stays open with the API's message if saving fails. */
export function NotebookTitleDialog({
  trigger,
  title,
  description,
  submitLabel,
  initialTitle = "",
  onSubmit,
}: {
  trigger: ReactNode;
  title: string;
  description: string;
  submitLabel: string;
  initialTitle?: string;
  onSubmit: (title: string) => Promise<void>;
}) {
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
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const value = formText(new FormData(event.currentTarget), "title");
            run(async () => {
              await onSubmit(value);
              setOpen(false);
            });
          }}
        >
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          <Field id="title" label="Title" defaultValue={initialTitle} placeholder="Weekly review: LR warm-up" required maxLength={200} autoFocus autoComplete="off" />
          <FormError message={error} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? <Spinner /> : null}
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
