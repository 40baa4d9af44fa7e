"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/app/_lib/cn";

/** Section links of a workspace; the active one is the longest matching prefix. */
export function WorkspaceNav({ workspace }: { workspace: string }) {
  const pathname = usePathname();
  const settings = pathname.startsWith(`/${workspace}/settings`);
  const links = [
    { href: `/${workspace}`, label: "Projects", active: !settings },
    { href: `/${workspace}/settings`, label: "Members", active: settings },
  ];
  return (
    <nav className="flex items-center gap-1 text-sm">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.active ? "page" : undefined}
          className={cn(
            "rounded-md px-2.5 py-1.5 text-muted-foreground transition-colors hover:text-foreground",
            link.active && "bg-accent text-foreground",
          )}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
