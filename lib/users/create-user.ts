import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { accounts, users, type User } from "@/lib/db/schema";
import { conflict, isUniqueViolation } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";

/** Same bounds as the sign-up form (better-auth's defaults). */
export const password = z.string().min(8, "must be at least 8 characters").max(128, "must be at most 128 characters");

export const createUserInput = z.object({
  email: z.email("must be an email address").trim().toLowerCase(),
  password,
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters").optional(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

/**
 * Creates a user with an email + password credential, the way better-auth's sign-up
 * stores it, for operators (CLI); it bypasses the invitation policy on purpose.
 */
export async function createUser(db: Db, input: CreateUserInput): Promise<User> {
  // Loaded here, not at import: the CLI and server start faster without it.
  const { hashPassword } = await import("better-auth/crypto");
  const hash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ id: randomUUID(), email: input.email, name: input.name ?? input.email.split("@")[0] ?? input.email })
        .returning();
      if (!user) throw new Error("insert returned no user");
      await tx.insert(accounts).values({
        id: randomUUID(),
        accountId: user.id,
        providerId: "credential",
        userId: user.id,
        password: hash,
      });
      await recordEvent(tx, { workspaceId: null, actorId: null, type: "user.created", subjectType: "user", subjectId: user.id });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A user with email ${input.email} already exists.`, error);
    throw error;
  }
}
