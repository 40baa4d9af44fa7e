"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/app/_lib/api";

/** Ends the session, then shows the sign-in page with nothing of the old session cached. */
export function useSignOut(): () => void {
  const router = useRouter();
  return useCallback(() => {
    api("/auth/sign-out", { body: {} }).then(
      () => {
        router.replace("/sign-in");
        router.refresh();
      },
      (error: unknown) => toast.error(errorMessage(error)),
    );
  }, [router]);
}
