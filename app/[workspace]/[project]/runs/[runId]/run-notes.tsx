"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { SubmitOnModEnter } from "@/app/_components/submit-on-mod-enter";
import { Button } from "@/app/_components/ui/button";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

/** A run's notes: plain text, edited by editors and saved on demand (or Ctrl/⌘+Enter). */
export function RunNotes({ runId, notes, canEdit }: { runId: string; notes: string; canEdit: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(notes);
  const [draft, setDraft] = useState(notes);
  const { pending, error, run } = useAction();

  if (!canEdit) {
    return notes ? (
      <p className="text-sm whitespace-pre-wrap">{notes}</p>
    ) : (
      <p className="text-sm text-muted-foreground">No notes.</p>
    );
  }

  const dirty = draft !== saved;
  return (
    <form
      className="grid gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const value = draft;
        run(async () => {
          await api(`/runs/${runId}`, { method: "PATCH", body: { notes: value } });
          setSaved(value);
          toast.success("Notes saved");
          router.refresh();
        });
      }}
    >
      <SubmitOnModEnter
        aria-label="Notes"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="What was this run for? What did you learn?"
        maxLength={100_000}
        rows={6}
        className="resize-y"
      />
      <FormError message={error} />
      <div className="flex items-center justify-end gap-2">
        {dirty ? <span className="text-xs text-muted-foreground">Unsaved changes</span> : null}
        {dirty ? (
          <Button type="button" variant="ghost" size="sm" onClick={() => setDraft(saved)} disabled={pending}>
            Discard
          </Button>
        ) : null}
        <Button type="submit" size="sm" disabled={!dirty || pending}>
          {pending ? <Spinner /> : null}
          Save notes
        </Button>
      </div>
    </form>
  );
}
