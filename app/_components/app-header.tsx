import Link from "next/link";
import type { ReactNode } from "react";
import { LogoMark } from "@/app/_components/logo";
import type { SessionUser } from "@/app/_lib/session";
import type { Membership } from "@/lib/workspaces/list-memberships";
import { UserMenu } from "./user-menu";
import { WorkspaceSwitcher } from "./workspace-switcher";

/** The top bar of every signed-in page. */
export function AppHeader({
  user,
  memberships,
  current,
  nav,
}: {
  user: SessionUser;
  memberships: Membership[];
  current: { slug: string; name: string } | null;
  /** Section links beside the switcher (workspace pages) or a page label (account pages). */
  nav?: ReactNode;
}) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur supports-[backdrop-filter]:bg-background/60">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6">
        <Link href="/" aria-label="Labbook home" className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
          <LogoMark />
        </Link>
        <span className="text-muted-foreground/40" aria-hidden>
          /
        </span>
        <WorkspaceSwitcher current={current} memberships={memberships} />
        {nav ? <div className="ml-2 hidden sm:block">{nav}</div> : null}
        <div className="ml-auto">
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}
