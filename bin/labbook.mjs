#!/usr/bin/env node
// Entry point of the `labbook` command: loads the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

const command = process.argv[2];
if (command !== "serve") {
  // Operator commands print results on stdout; keep logs quiet and on stderr.
  process.env.LOG_LEVEL ??= "warn";
  process.env.LABBOOK_LOG_TO_STDERR = "1";
}
if (!process.argv.includes("--dev")) process.env.NODE_ENV ??= "production";
// A self-hosted instance reports nothing anywhere.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import("../server/cli.ts");
