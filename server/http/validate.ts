import type { z } from "zod";
import { invalid } from "@/lib/errors";
import type { HttpContext } from "./context";

/** Formats zod issues as "field: problem; other: problem"; `root` names a value without fields. */
export function describeIssues(error: z.ZodError, root = "body"): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join(".") : root;
      return `${field}: ${issue.message}`;
    })
    .join("; ");
}

/** Parses a value with a schema, turning failures into a 400 that names each field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = "Invalid request", root = "body"): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(`${what}: ${describeIssues(result.error, root)}`);
  return result.data;
}

/** Reads and validates a JSON body; malformed JSON is a 400 saying what is wrong. */
export async function readJson<S extends z.ZodType>(c: HttpContext, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim().length > 0) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw invalid(`Malformed JSON body (send JSON with Content-Type: application/json): ${(error as Error).message}`, error);
    }
  }
  return parseOrThrow(schema, value, "Invalid body");
}
