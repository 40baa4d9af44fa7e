import { KeyRoundIcon } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState } from "@/app/_components/empty-state";
import { PageHeader } from "@/app/_components/page-header";
import { services } from "@/app/_lib/services";
import { requireUser } from "@/app/_lib/session";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { ApiKeysTable } from "./api-keys-table";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const user = await requireUser("/settings/api-keys");
  const { database } = await services();
  const keys = await listApiKeys(database.db, user.id);
  return (
    <div className="space-y-8">
      <PageHeader
        title="API keys"
        description="Keys let training scripts, the Python client and MLflow log to Labbook as you, with your roles in each workspace."
        // One place only: a refresh after creating must not remount the dialog showing the new key.
        actions={<CreateApiKeyDialog />}
      />
      {keys.length === 0 ? (
        <EmptyState icon={KeyRoundIcon} title="No API keys yet">
          Create a key for each machine or script with New API key, so you can revoke one without breaking the others.
        </EmptyState>
      ) : (
        <div className="rounded-xl border bg-card">
          <ApiKeysTable keys={keys} />
        </div>
      )}
    </div>
  );
}
