import { MailIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { InvalidInvitation } from "@/app/_components/invalid-invitation";
import { Badge } from "@/app/_components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { previewInvitation } from "@/app/_lib/invitation";
import { getSessionUser } from "@/app/_lib/session";
import { services } from "@/app/_lib/services";
import { roleDescriptions } from "@/lib/access/roles";
import { isFirstRun } from "@/lib/auth/sign-up-policy";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

function SignInLink({ invite }: { invite?: string }) {
  const href = invite ? `/sign-in?next=${encodeURIComponent(`/invite/${invite}`)}` : "/sign-in";
  return (
    <p className="text-center text-sm text-muted-foreground">
      Already have an account?{" "}
      <Link href={href} className="font-medium text-foreground underline-offset-4 hover:underline">
        Sign in
      </Link>
    </p>
  );
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { database, env } = await services();
  if (await isFirstRun(database.db)) redirect("/setup");
  const { invite } = await searchParams;
  const token = typeof invite === "string" && invite ? invite : undefined;
  if (await getSessionUser()) redirect(token ? `/invite/${encodeURIComponent(token)}` : "/");

  if (token) {
    const preview = await previewInvitation(token);
    if (!preview.ok) return <InvalidInvitation message={preview.message} />;
    return (
      <Card>
        <CardHeader>
          <CardTitle className="text-xl">Join {preview.workspace.name}</CardTitle>
          <CardDescription className="flex flex-wrap items-center gap-1.5">
            You&apos;re invited as <Badge variant="secondary">{preview.role}</Badge>
            <span className="basis-full text-xs">{roleDescriptions[preview.role]}.</span>
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <SignUpForm invitation={token} email={preview.email} />
          <SignInLink invite={token} />
        </CardContent>
      </Card>
    );
  }

  if (!env.LABBOOK_OPEN_SIGNUP) {
    return (
      <Card>
        <CardHeader>
          <div className="mb-2 flex size-10 items-center justify-center rounded-lg border bg-muted/50">
            <MailIcon className="size-5 text-muted-foreground" />
          </div>
          <CardTitle className="text-xl">You need an invitation</CardTitle>
          <CardDescription>
            Accounts on this Labbook are by invitation. Ask an owner or admin of your team&apos;s workspace to send you an invite
            link, then open it to sign up.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SignInLink />
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Create an account</CardTitle>
        <CardDescription>You can create a workspace or join one by invitation afterwards.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <SignUpForm invitation={undefined} email={null} />
        <SignInLink />
      </CardContent>
    </Card>
  );
}
