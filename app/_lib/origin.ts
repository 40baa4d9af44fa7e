import { headers } from "next/headers";
import { services } from "./services";

/** The address users reach this instance at: the configured public URL, else this request's host. */
export async function publicOrigin(): Promise<string> {
  const { env } = await services();
  if (env.LABBOOK_PUBLIC_URL) return new URL(env.LABBOOK_PUBLIC_URL).origin;
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${h.get("host") ?? "localhost:3000"}`;
}
