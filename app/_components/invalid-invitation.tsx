import { LinkIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_components/ui/card";

/** Shown for a link that is unknown, revoked, already used or expired. */
export function InvalidInvitation({ message }: { message: string }) {
  return (
    <Card>
      <CardHeader>
        <div className="mb-2 flex size-10 items-center justify-center rounded-lg border bg-muted/50">
          <LinkIcon className="size-5 text-muted-foreground" />
        </div>
        <CardTitle className="text-xl">This invitation can&apos;t be used</CardTitle>
        <CardDescription>{message}</CardDescription>
      </CardHeader>
      <CardContent>
        <Button asChild variant="outline" className="w-full">
          <Link href="/sign-in">Go to sign in</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
