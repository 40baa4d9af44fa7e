"use client";

import { PlusIcon, TriangleAlertIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/app/_components/copy-button";
import { Field } from "@/app/_components/field";
import { FormError } from "@/app/_components/form-error";
import { Spinner } from "@/app/_components/spinner";
import { Alert, AlertDescription, AlertTitle } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/app/_components/ui/dialog";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { formText } from "@/app/_lib/form";
import { api } from "@/app/_lib/api";
import { useAction } from "@/app/_lib/use-action";

interface CreatedKey {
  name: string;
  key: string;
}

/** Creates a key and shows it exactly once; the server keeps only its hash. */
export function CreateApiKeyDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const { pending, error, setError, run } = useAction();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setCreated(null);
          setError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <PlusIcon />
          New API key
        </Button>
      </DialogTrigger>
      <DialogContent
        // Clicking outside must not throw away a key that cannot be shown again.
        onInteractOutside={(event) => {
          if (created) event.preventDefault();
        }}
      >
        {created ? (
          <div className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Copy your new key</DialogTitle>
              <DialogDescription>“{created.name}” is ready. Use it as a Bearer token or as MLFLOW_TRACKING_TOKEN.</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="api-key-value">API key</Label>
              <div className="flex gap-2">
                <Input
                  id="api-key-value"
                  data-testid="new-api-key"
                  readOnly
                  value={created.key}
                  className="font-mono text-xs"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton value={created.key} label="Copy key" />
              </div>
            </div>
            <Alert variant="warning">
              <TriangleAlertIcon />
              <AlertTitle>This is the only time the key is shown</AlertTitle>
              <AlertDescription>Store it somewhere safe now. If you lose it, revoke it and create a new one.</AlertDescription>
            </Alert>
            <DialogFooter>
              <Button onClick={() => setOpen(false)}>I&apos;ve copied it</Button>
            </DialogFooter>
          </div>
        ) : (
          <form
            className="grid gap-4"
            onSubmit={(event) => {
              event.preventDefault();
              const name = formText(new FormData(event.currentTarget), "key-name");
              run(async () => {
                const key = await api<CreatedKey>("/api-keys", { body: { name } });
                setCreated(key);
                router.refresh();
              });
            }}
          >
            <DialogHeader>
              <DialogTitle>New API key</DialogTitle>
              <DialogDescription>Name it after where it will live, so you know which one to revoke.</DialogDescription>
            </DialogHeader>
            <Field id="key-name" label="Name" placeholder="GPU box 3 — training" required maxLength={80} autoFocus autoComplete="off" />
            <FormError message={error} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending}>
                {pending ? <Spinner /> : null}
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
