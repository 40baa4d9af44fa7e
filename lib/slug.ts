import { z } from "zod";

/** Paths the app and API own; a workspace may not take these as its slug. */
const reserved = new Set([
  "api", "ws", "_next", "setup", "sign-in", "sign-up", "sign-out", "invite", "settings", "account",
  "new", "admin", "static", "public", "favicon.ico", "robots.txt", "health", "docs",
]);

/** A URL slug: lowercase letters, digits and single dashes, 1–48 characters. */
export const slug = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(48, "must be at most 48 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "may contain only lowercase letters, digits and single dashes");

/** A workspace slug: a slug that is not one of the app's reserved paths. */
export const workspaceSlug = slug.refine((s) => !reserved.has(s), { message: "is reserved; choose another" });

/** Derives a slug from a display name ("My Project!" → "my-project"). */
export function slugify(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return s || "workspace";
}
