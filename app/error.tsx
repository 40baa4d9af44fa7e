"use client";

import { ErrorView } from "@/app/_components/error-view";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="min-h-dvh">
      <ErrorView error={error} retry={retry} />
    </main>
  );
}
