"use client";

import { useRouter } from "next/navigation";
import { Field } from "@/app/_components/field";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { Button } from "@/app/_components/ui/button";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

export function SetupForm() {
  const router = useRouter();
  const { pending, error, run } = useAction();
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run(async () => {
          await api("/auth/sign-up/email", {
            body: {
              name: formText(form, "name"),
              email: formText(form, "email"),
              password: formText(form, "password"),
              workspaceName: formText(form, "workspace"),
            },
          });
          router.replace("/");
          router.refresh();
        });
      }}
    >
      <Field id="name" label="Your name" autoComplete="name" required autoFocus />
      <Field id="email" label="Email" type="email" autoComplete="email" required />
      <Field id="password" label="Password" type="password" autoComplete="new-password" minLength={8} required hint="At least 8 characters." />
      <Field id="workspace" label="Workspace name" placeholder="Acme Research" required maxLength={80} />
      <FormError message={error} />
      <Button type="submit" disabled={pending}>
        {pending ? <Spinner /> : null}
        Create account and workspace
      </Button>
    </form>
  );
}
