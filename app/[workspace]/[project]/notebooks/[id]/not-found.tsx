"use client";

import { NotebookPenIcon } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { EmptyState } from "@/app/_components/empty-state";
import { Button } from "@/app/_components/ui/button";

export default function NotebookNotFound() {
  const { workspace, project } = useParams<{ workspace: string; project: string }>();
  return (
    <EmptyState
      icon={NotebookPenIcon}
      title="Notebook not found"
      action={
        <Button asChild variant="outline">
          <Link href={`/${workspace}/${project}?tab=notebooks`}>Back to the project&apos;s notebooks</Link>
        </Button>
      }
    >
      There is no notebook at this address. It may have been deleted (editors can restore it from the project&apos;s
      notebooks), or it belongs to a workspace you are not a member of.
    </EmptyState>
  );
}
