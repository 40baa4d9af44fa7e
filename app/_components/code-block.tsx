import { CopyButton } from "@/app/_components/copy-button";
import { cn } from "@/app/_lib/cn";

/** A snippet to paste somewhere else, with a copy button. */
export function CodeBlock({ code, label, className }: { code: string; label?: string; className?: string }) {
  return (
    <div className={cn("relative overflow-hidden rounded-lg border bg-muted/40 text-left", className)}>
      {label ? <div className="border-b px-4 py-2 text-xs font-medium text-muted-foreground">{label}</div> : null}
      <pre className="overflow-x-auto px-4 py-3 pr-14 font-mono text-[13px] leading-relaxed text-foreground">
        <code>{code}</code>
      </pre>
      <CopyButton value={code} label="Copy snippet" size="icon-sm" className="absolute right-2 bottom-2 bg-background" />
    </div>
  );
}
