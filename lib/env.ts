import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LABBOOK_DATA_DIR: z.string().min(1).default("./.labbook"),
  LABBOOK_PUBLIC_URL: z.url().optional().or(z.literal("").transform(() => undefined)),
  LABBOOK_SECRET: z.string().min(32, "must be at least 32 characters").optional().or(z.literal("").transform(() => undefined)),
  LABBOOK_OPEN_SIGNUP: flag,
  LABBOOK_SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LABBOOK_CRASH_AFTER_SECONDS: z.coerce.number().int().min(10).default(300),
  /** How often open live and collaboration connections have their credential and access checked again. */
  LABBOOK_ACCESS_RECHECK_MS: z.coerce.number().int().min(100).default(5_000),
  LABBOOK_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional().or(z.literal("").transform(() => undefined)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Validated process configuration. */
export type Env = z.infer<typeof envSchema> & { dataDir: string };

/** Thrown when the environment cannot start Labbook; the message names each bad variable. */
export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Parses and validates configuration once; fails fast naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.LABBOOK_DATA_DIR) };
}
