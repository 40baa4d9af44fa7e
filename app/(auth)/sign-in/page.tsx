import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { getSessionUser, safeReturnPath } from "@/app/_lib/session";
import { services } from "@/app/_lib/services";
import { isFirstRun } from "@/lib/auth/sign-up-policy";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { database } = await services();
  if (await isFirstRun(database.db)) redirect("/setup");
  const next = safeReturnPath((await searchParams).next);
  if (await getSessionUser()) redirect(next ?? "/");
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Welcome back to your team&apos;s lab notebook.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <SignInForm next={next} />
        <p className="text-center text-sm text-muted-foreground">
          New here?{" "}
          <Link href="/sign-up" className="font-medium text-foreground underline-offset-4 hover:underline">
            Create an account
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
