"use client";

import { formatAbsolute, formatRelative } from "@/app/_lib/format";

/** "5 minutes ago" with the exact time on hover; server and client may differ by seconds. */
export function RelativeTime({ date }: { date: Date | string }) {
  const value = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={value.toISOString()} title={formatAbsolute(value)} suppressHydrationWarning>
      {formatRelative(value)}
    </time>
  );
}
