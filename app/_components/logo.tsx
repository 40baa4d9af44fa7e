import { cn } from "@/app/_lib/cn";

/** The Labbook mark: a notebook page with a rising curve. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" aria-hidden className={cn("size-6", className)}>
      <rect x="2.5" y="2.5" width="19" height="19" rx="5" className="fill-foreground" />
      <path
        d="M6.5 15.5 L10 11.5 L13 13.5 L17.5 8"
        className="stroke-background"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <LogoMark />
      Labbook
    </span>
  );
}
