import { redirect } from "next/navigation";

export default function AccountSettingsPage() {
  redirect("/settings/api-keys");
}
