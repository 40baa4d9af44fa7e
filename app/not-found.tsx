import { FileQuestionIcon } from "lucide-react";
import Link from "next/link";
import { Logo } from "@/app/_components/logo";
import { Button } from "@/app/_components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-6 text-center">
      <Logo />
      <div className="flex flex-col items-center gap-3">
        <FileQuestionIcon className="size-8 text-muted-foreground" />
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="max-w-sm text-sm text-muted-foreground">
          This page does not exist, or it belongs to a workspace you are not a member of.
        </p>
      </div>
      <Button asChild variant="outline">
        <Link href="/">Go home</Link>
      </Button>
    </main>
  );
}
