import type { ReactNode } from "react";
import { AppHeader } from "@/app/_components/app-header";
import { requireUser } from "@/app/_lib/session";
import { getMemberships } from "@/app/_lib/workspace";

/** Account settings: not tied to a workspace. */
export default async function AccountSettingsLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/settings/api-keys");
  const memberships = await getMemberships(user.id);
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader
        user={user}
        memberships={memberships}
        current={null}
        nav={<span className="rounded-md bg-accent px-2.5 py-1.5 text-sm">Account</span>}
      />
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
