"use client";

import { PlusIcon, XIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Input } from "@/app/_components/ui/input";
import { api, errorMessage } from "@/app/_lib/api";

/** A run's tags; editors add (Enter) and remove them, saved at once. */
export function RunTags({ runId, tags, canEdit }: { runId: string; tags: readonly string[]; canEdit: boolean }) {
  const router = useRouter();
  const [shown, setShown] = useState<readonly string[]>(tags);
  const [draft, setDraft] = useState<string | null>(null);

  const save = (next: readonly string[]) => {
    const before = shown;
    setShown(next);
    api(`/runs/${runId}`, { method: "PATCH", body: { tags: next } }).then(
      () => router.refresh(),
      (error: unknown) => {
        setShown(before);
        toast.error(errorMessage(error));
      },
    );
  };

  if (shown.length === 0 && !canEdit) return null;
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label="Tags">
      {shown.map((tag) => (
        <li key={tag} className="inline-flex h-6 items-center gap-1 rounded-md border bg-muted/40 pr-1 pl-2 text-xs">
          {tag}
          {canEdit ? (
            <button
              type="button"
              aria-label={`Remove tag ${tag}`}
              className="rounded p-0.5 text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
              onClick={() => save(shown.filter((t) => t !== tag))}
            >
              <XIcon className="size-3" />
            </button>
          ) : (
            <span className="w-1" />
          )}
        </li>
      ))}
      {canEdit ? (
        <li>
          {draft === null ? (
            <button
              type="button"
              onClick={() => setDraft("")}
              className="inline-flex h-6 items-center gap-1 rounded-md border border-dashed px-2 text-xs text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
            >
              <PlusIcon className="size-3" />
              Add tag
            </button>
          ) : (
            <Input
              aria-label="New tag"
              autoFocus
              value={draft}
              maxLength={250}
              placeholder="tag, then Enter"
              className="h-6 w-40 px-2 text-xs"
              onChange={(e) => setDraft(e.target.value)}
              onBlur={() => setDraft(null)}
              onKeyDown={(e) => {
                if (e.key === "Escape") setDraft(null);
                if (e.key !== "Enter") return;
                e.preventDefault();
                const tag = draft.trim();
                if (!tag || shown.includes(tag)) return;
                save([...shown, tag]);
                // Stays open for the next tag; Escape or clicking away closes it.
                setDraft("");
              }}
            />
          )}
        </li>
      ) : null}
    </ul>
  );
}
