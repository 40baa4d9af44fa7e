"use client";

import { NodeViewContent, NodeViewWrapper, type NodeViewProps } from "@tiptap/react";
import { CircleCheckIcon, InfoIcon, OctagonAlertIcon, StickyNoteIcon, TriangleAlertIcon, type LucideIcon } from "lucide-react";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/app/_components/ui/dropdown-menu";
import { cn } from "@/app/_lib/cn";
import { calloutTones, type CalloutTone } from "@/lib/editor/blocks";

export const calloutStyles: Record<CalloutTone, { icon: LucideIcon; label: string; className: string }> = {
  info: { icon: InfoIcon, label: "Info", className: "border-sky-500/30 bg-sky-500/5 text-sky-700 dark:text-sky-400" },
  note: { icon: StickyNoteIcon, label: "Note", className: "border-border bg-muted/40 text-muted-foreground" },
  success: { icon: CircleCheckIcon, label: "Success", className: "border-emerald-500/30 bg-emerald-500/5 text-emerald-700 dark:text-emerald-400" },
  warning: { icon: TriangleAlertIcon, label: "Warning", className: "border-amber-500/40 bg-amber-500/5 text-amber-700 dark:text-amber-400" },
  danger: { icon: OctagonAlertIcon, label: "Danger", className: "border-red-500/30 bg-red-500/5 text-red-700 dark:text-red-400" },
};

export const toneOf = (value: unknown): CalloutTone => (calloutTones.includes(value as CalloutTone) ? (value as CalloutTone) : "info");

/** A `callout` block: an annotation with a tone; its icon switches the tone for editors. */
export function CalloutView({ node, updateAttributes, editor }: NodeViewProps) {
  const tone = toneOf(node.attrs.tone);
  const { icon: Icon, label, className } = calloutStyles[tone];
  return (
    <NodeViewWrapper className={cn("notebook-callout my-3 flex gap-3 rounded-lg border px-3 py-2", className)} data-testid="callout-block" data-tone={tone}>
      <div contentEditable={false} className="pt-0.5">
        {editor.isEditable ? (
          <DropdownMenu>
            <DropdownMenuTrigger className="rounded p-0.5 hover:bg-background/60" aria-label={`Callout tone: ${label}`} title="Change the tone">
              <Icon className="size-4" />
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start">
              {calloutTones.map((t) => {
                const style = calloutStyles[t];
                return (
                  <DropdownMenuItem key={t} onSelect={() => updateAttributes({ tone: t })}>
                    <style.icon className="size-4" />
                    {style.label}
                  </DropdownMenuItem>
                );
              })}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : (
          <Icon className="size-4" aria-label={label} />
        )}
      </div>
      <NodeViewContent className="min-w-0 flex-1 text-foreground" />
    </NodeViewWrapper>
  );
}
