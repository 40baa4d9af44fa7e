"use client";

import katex from "katex";
import { useMemo, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/app/_components/ui/dialog";
import { Label } from "@/app/_components/ui/label";
import { Textarea } from "@/app/_components/ui/textarea";

/** A formula being written: a new one at the caret, or an existing one at `pos`. */
export interface MathEdit {
  kind: "inline" | "block";
  latex: string;
  pos: number | null;
}

/** Writes or edits a LaTeX formula with a live KaTeX preview. */
export function MathDialog({ edit, onSave, onDelete, onClose }: { edit: MathEdit; onSave: (latex: string) => void; onDelete: () => void; onClose: () => void }) {
  const [latex, setLatex] = useState(edit.latex);
  // KaTeX escapes the input and `trust: false` refuses \href, \url and HTML extensions.
  const preview = useMemo(
    () => katex.renderToString(latex || "\\;", { throwOnError: false, displayMode: edit.kind === "block", trust: false, strict: false, maxSize: 20, maxExpand: 200 }),
    [latex, edit.kind],
  );
  const save = () => (latex.trim() ? onSave(latex.trim()) : edit.pos !== null ? onDelete() : onClose());
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <DialogHeader>
            <DialogTitle>{edit.kind === "block" ? "Formula" : "Inline formula"}</DialogTitle>
            <DialogDescription>LaTeX, rendered with KaTeX. Mod-Enter saves.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="latex">LaTeX</Label>
            <Textarea
              id="latex"
              autoFocus
              rows={3}
              value={latex}
              onChange={(event) => setLatex(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                  event.preventDefault();
                  save();
                }
              }}
              placeholder="\mathcal{L} = -\sum_i y_i \log p_i"
              className="font-mono text-sm"
              spellCheck={false}
            />
          </div>
          <div aria-label="Preview" className="min-h-12 overflow-x-auto rounded-md border bg-muted/40 px-3 py-2" dangerouslySetInnerHTML={{ __html: preview }} />
          <DialogFooter>
            {edit.pos !== null ? (
              <Button type="button" variant="ghost" className="mr-auto text-destructive" onClick={onDelete}>
                Delete
              </Button>
            ) : null}
            <Button type="button" variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">{edit.pos === null ? "Insert" : "Save"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
