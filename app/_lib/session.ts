import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { services } from "./services";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
}

/** The signed-in user of this request, or null; read once per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const auth = await (await services()).auth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  return { id: session.user.id, name: session.user.name, email: session.user.email };
});

/** The signed-in user; otherwise sends the visitor to sign in and back to `returnTo`. */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(returnTo ? `/sign-in?next=${encodeURIComponent(returnTo)}` : "/sign-in");
  return user;
}

/** Only same-site paths may be redirect targets (no `//evil.example` or absolute URLs). */
export function safeReturnPath(value: string | string[] | undefined): string | undefined {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return undefined;
  return value;
}
