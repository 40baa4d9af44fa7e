import { z } from "zod";

// Clients record repro as free JSON; every field is optional and a malformed one reads as absent.
const text = z.string().optional().catch(undefined);
const count = z.number().optional().catch(undefined);

const reproView = z
  .object({
    git: z
      .object({ commit: text, branch: text, remote: text, dirty: z.boolean().optional().catch(undefined), diff: text })
      .optional()
      .catch(undefined),
    command: z
      .union([z.array(z.string()), z.string()])
      .optional()
      .catch(undefined),
    cwd: text,
    host: text,
    runtime: z.object({ name: text, version: text, platform: text }).optional().catch(undefined),
    packages: z.record(z.string(), z.string()).optional().catch(undefined),
    seed: z.union([z.number(), z.string()]).optional().catch(undefined),
    data: z
      .array(z.object({ name: z.string(), fingerprint: z.string(), uri: text }))
      .optional()
      .catch(undefined),
    hardware: z
      .object({
        cpu: text,
        cpus: count,
        memoryBytes: count,
        gpus: z
          .array(z.object({ name: z.string(), memoryBytes: count }))
          .optional()
          .catch(undefined),
      })
      .optional()
      .catch(undefined),
  })
  .catch({});

/** What a run recorded about how to reproduce it, each part present only if well-formed. */
export type ReproView = z.infer<typeof reproView>;

/** Reads a run's repro record defensively: unknown keys are dropped, malformed parts read as absent. */
export function readRepro(raw: unknown): ReproView {
  return reproView.parse(raw ?? {});
}

/** A command as one shell line; list items with spaces or quotes are quoted. */
export function commandLine(command: string[] | string): string {
  if (typeof command === "string") return command;
  return command.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replaceAll("'", `'\\''`)}'`)).join(" ");
}
