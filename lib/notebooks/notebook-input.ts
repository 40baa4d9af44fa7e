import { z } from "zod";
import { slug } from "@/lib/slug";

export const notebookTitle = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

/** `<workspace>/<project>`, split into its two slugs. */
export const projectPath = z
  .string()
  .regex(/^[^/]+\/[^/]+$/, 'must look like "<workspace>/<project>"')
  .transform((p) => p.split("/") as [string, string])
  .pipe(z.tuple([z.string(), slug]));
