"use client";

import { TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";

/** What an error boundary shows: server errors arrive without details, only a digest. */
export function ErrorView({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <div className="flex flex-col items-center justify-center gap-4 px-6 py-24 text-center">
      <div className="flex size-10 items-center justify-center rounded-lg border bg-muted/50">
        <TriangleAlertIcon className="size-5 text-muted-foreground" />
      </div>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">Something went wrong</h2>
        <p className="max-w-md text-sm text-muted-foreground">
          This page could not be loaded. It has been logged on the server
          {digest ? (
            <>
              {" "}
              (reference <code className="font-mono text-xs">{digest}</code>)
            </>
          ) : null}
          .
        </p>
      </div>
      <div className="flex gap-2">
        <Button onClick={retry}>Try again</Button>
        <Button asChild variant="outline">
          <Link href="/">Go home</Link>
        </Button>
      </div>
    </div>
  );
}
