import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { services } from "@/app/_lib/services";
import { isFirstRun } from "@/lib/auth/sign-up-policy";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Labbook" };

/** First run only: the first account becomes the owner of the first workspace. */
export default async function SetupPage() {
  const { database } = await services();
  if (!(await isFirstRun(database.db))) redirect("/sign-in");
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Welcome to Labbook</CardTitle>
        <CardDescription>Create the owner account and your team&apos;s workspace. You can invite everyone else afterwards.</CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}
