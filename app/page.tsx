import { redirect } from "next/navigation";
import { getSessionUser } from "@/app/_lib/session";
import { services } from "@/app/_lib/services";
import { getMemberships } from "@/app/_lib/workspace";
import { isFirstRun } from "@/lib/auth/sign-up-policy";

/** Sends each visitor where they belong: setup, sign-in, their first workspace, or creating one. */
export default async function Home() {
  const { database } = await services();
  if (await isFirstRun(database.db)) redirect("/setup");
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const [first] = await getMemberships(user.id);
  redirect(first ? `/${first.slug}` : "/new");
}
