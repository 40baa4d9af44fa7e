"use client";

import { useSignOut } from "@/app/_components/sign-out";

export function SignOutLink() {
  const signOut = useSignOut();
  return (
    <button type="button" onClick={signOut} className="shrink-0 underline-offset-4 hover:text-foreground hover:underline">
      Sign out
    </button>
  );
}
