import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { users, type User } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** A user by email (case-insensitive); not_found when absent. */
export async function findUserByEmailOrThrow(db: DbOrTx, email: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  if (!user) throw notFound(`No user with email ${email}.`);
  return user;
}
