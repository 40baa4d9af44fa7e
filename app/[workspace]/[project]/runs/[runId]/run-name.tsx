"use client";

import { PencilIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { Input } from "@/app/_components/ui/input";
import { api, errorMessage } from "@/app/_lib/api";

/** The run's name as the page title; editors rename it in place (Enter or clicking away saves, Escape cancels). */
export function RunName({ runId, name, canEdit }: { runId: string; name: string; canEdit: boolean }) {
  const router = useRouter();
  const [shown, setShown] = useState(name);
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Enter and Escape both end in a blur; only the blur saves, and only if not cancelled.
  const cancelled = useRef(false);

  const save = (value: string) => {
    const next = value.trim();
    if (!next || next === shown) {
      setDraft(null);
      return;
    }
    setSaving(true);
    api(`/runs/${runId}`, { method: "PATCH", body: { name: next } }).then(
      () => {
        setShown(next);
        setDraft(null);
        setSaving(false);
        router.refresh();
      },
      (error: unknown) => {
        setSaving(false);
        toast.error(errorMessage(error));
      },
    );
  };

  if (draft !== null) {
    return (
      <div className="flex max-w-xl items-center gap-2">
        <Input
          aria-label="Run name"
          value={draft}
          maxLength={250}
          autoFocus
          onFocus={(e) => {
            cancelled.current = false;
            e.currentTarget.select();
          }}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              e.currentTarget.blur();
            } else if (e.key === "Escape") {
              cancelled.current = true;
              e.currentTarget.blur();
            }
          }}
          onBlur={() => {
            if (cancelled.current) setDraft(null);
            else if (!saving) save(draft);
          }}
          className="h-9 text-lg font-semibold"
          disabled={saving}
        />
        {saving ? <Spinner /> : null}
      </div>
    );
  }

  return (
    <div className="group flex min-w-0 items-center gap-1.5">
      <h1 className="truncate text-2xl font-semibold tracking-tight" title={shown}>
        {shown}
      </h1>
      {canEdit ? (
        <Button variant="ghost" size="icon-sm" aria-label="Rename run" title="Rename run" className="shrink-0 text-muted-foreground" onClick={() => setDraft(shown)}>
          <PencilIcon />
        </Button>
      ) : null}
    </div>
  );
}
