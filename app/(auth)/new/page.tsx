import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { requireUser } from "@/app/_lib/session";
import { getMemberships } from "@/app/_lib/workspace";
import { CreateWorkspaceForm } from "./create-workspace-form";
import { SignOutLink } from "./sign-out-link";

export const metadata: Metadata = { title: "Create a workspace" };

export default async function NewWorkspacePage() {
  const user = await requireUser("/new");
  const memberships = await getMemberships(user.id);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">{memberships.length === 0 ? "Create your workspace" : "Create a workspace"}</CardTitle>
        <CardDescription>
          A workspace holds your team&apos;s projects, runs and notebooks. You become its owner and can invite others.
          {memberships.length === 0 ? " If your team already uses Labbook, ask them for an invite link instead." : null}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <CreateWorkspaceForm />
        <div className="flex items-center justify-between text-sm text-muted-foreground">
          {memberships[0] ? (
            <Link href={`/${memberships[0].slug}`} className="underline-offset-4 hover:text-foreground hover:underline">
              Back to {memberships[0].name}
            </Link>
          ) : (
            <span className="truncate">Signed in as {user.email}</span>
          )}
          <SignOutLink />
        </div>
      </CardContent>
    </Card>
  );
}
