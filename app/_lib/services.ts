import { connection } from "next/server";
import { getServices, type Services } from "@/lib/runtime";

/**
 * The server's process-wide services, reached only at request time: `connection()` keeps
 * every caller out of prerendering, so `next build` never touches the database.
 */
export async function services(): Promise<Services> {
  await connection();
  return getServices();
}
