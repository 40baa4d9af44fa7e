import type { Metadata } from "next";
import Link from "next/link";
import { InvalidInvitation } from "@/app/_components/invalid-invitation";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { previewInvitation } from "@/app/_lib/invitation";
import { getSessionUser } from "@/app/_lib/session";
import { getMemberships } from "@/app/_lib/workspace";
import { roleDescriptions } from "@/lib/access/roles";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const preview = await previewInvitation(token);
  if (!preview.ok) return <InvalidInvitation message={preview.message} />;
  const user = await getSessionUser();
  const memberships = user ? await getMemberships(user.id) : [];
  const member = memberships.find((m) => m.slug === preview.workspace.slug);
  const wrongAddress = user && preview.email && preview.email !== user.email.toLowerCase();

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Join {preview.workspace.name}</CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-1.5">
          You&apos;re invited as <Badge variant="secondary">{preview.role}</Badge>
          <span className="basis-full text-xs">{roleDescriptions[preview.role]}.</span>
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!user ? (
          <>
            <Button asChild>
              <Link href={`/sign-up?invite=${encodeURIComponent(token)}`}>Create an account</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href={`/sign-in?next=${encodeURIComponent(`/invite/${token}`)}`}>I already have an account</Link>
            </Button>
          </>
        ) : member ? (
          <>
            <p className="text-sm text-muted-foreground">
              You are already a member of this workspace as <span className="font-medium text-foreground">{member.role}</span>.
            </p>
            <Button asChild>
              <Link href={`/${member.slug}`}>Open {member.name}</Link>
            </Button>
          </>
        ) : (
          <>
            <p className="text-sm text-muted-foreground">
              Signed in as <span className="font-medium text-foreground">{user.email}</span>.
              {wrongAddress ? ` This invitation is for ${preview.email}; sign in with that address to accept it.` : null}
            </p>
            <AcceptInvitation token={token} disabled={Boolean(wrongAddress)} />
          </>
        )}
      </CardContent>
    </Card>
  );
}
