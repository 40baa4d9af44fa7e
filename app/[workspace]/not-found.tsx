import { FileQuestionIcon } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/app/_components/empty-state";
import { Button } from "@/app/_components/ui/button";

export default function WorkspaceNotFound() {
  return (
    <EmptyState
      icon={FileQuestionIcon}
      title="Not found"
      action={
        <Button asChild variant="outline">
          <Link href="/">Back to your workspace</Link>
        </Button>
      }
    >
      There is nothing at this address in this workspace. The project may have been given a different URL.
    </EmptyState>
  );
}
