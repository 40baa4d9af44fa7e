import { z } from "zod";

/** A param or tag name. */
const name = z.string().min(1, "must not be empty").max(250, "must be at most 250 characters");

/** Params: flat or nested JSON; each value at most 6,000 characters once serialized. */
export const runParams = z
  .record(name, z.json())
  .refine((p) => Object.keys(p).length <= 1000, { message: "at most 1,000 params per request" })
  .superRefine((p, ctx) => {
    for (const [key, value] of Object.entries(p)) {
      if (JSON.stringify(value).length > 6000) ctx.addIssue({ code: "custom", path: [key], message: "value must be at most 6,000 characters of JSON" });
    }
  });

export const runTags = z.array(name).max(100, "at most 100 tags").transform((tags) => [...new Set(tags)]);

export const runName = z.string().trim().min(1, "must not be empty").max(250, "must be at most 250 characters");
export const runNotes = z.string().max(100_000, "must be at most 100,000 characters");
