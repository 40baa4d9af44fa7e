import { cn } from "@/app/_lib/cn";

/** Initials on a colour derived from the name, so people are easy to tell apart. */
export function Avatar({ name, className }: { name: string; className?: string }) {
  const initials =
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase() ?? "")
      .join("") || "?";
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return (
    <span
      data-slot="avatar"
      aria-hidden
      className={cn("inline-flex size-7 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold text-white select-none", className)}
      style={{ backgroundColor: `oklch(0.6 0.13 ${hash % 360})` }}
    >
      {initials}
    </span>
  );
}
