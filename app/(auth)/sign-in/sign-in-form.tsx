"use client";

import { useRouter } from "next/navigation";
import { Field } from "@/app/_components/field";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

export function SignInForm({ next }: { next: string | undefined }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run(async () => {
          await api("/auth/sign-in/email", { body: { email: formText(form, "email"), password: formText(form, "password") } });
          router.replace(next ?? "/");
          router.refresh();
        });
      }}
    >
      <Field id="email" label="Email" type="email" autoComplete="email" required autoFocus />
      <Field id="password" label="Password" type="password" autoComplete="current-password" required />
      <FormError message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? <Spinner /> : null}
        Sign in
      </Button>
    </form>
  );
}
