"use client";

import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { EmptyState } from "@/app/_components/empty-state";
import { Button } from "@/app/_components/ui/button";

export default function RunNotFound() {
  const { workspace, project } = useParams<{ workspace: string; project: string }>();
  return (
    <EmptyState
      icon={ActivityIcon}
      title="Run not found"
      action={
        <Button asChild variant="outline">
          <Link href={`/${workspace}/${project}`}>Back to the project&apos;s runs</Link>
        </Button>
      }
    >
      There is no run at this address, or it belongs to a workspace you are not a member of.
    </EmptyState>
  );
}
