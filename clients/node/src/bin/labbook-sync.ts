#!/usr/bin/env node
/** `npx labbook-sync [FILE …] [--dir DIR] [--url URL] [--timeout SECONDS]` */

import { parseArgs } from "node:util";
import { sync } from "../sync.js";

const usage = `Usage: labbook-sync [FILE …] [--dir DIR] [--url URL] [--timeout SECONDS]

Uploads what logging processes left in the spool (the server was unreachable, the
process was killed or exited early, or it ran with LABBOOK_MODE=offline), then deletes
each file once delivered. Running it again uploads nothing twice.

  FILE            spool files (default: every *.jsonl in the spool directory)
  --dir DIR       spool directory (default: LABBOOK_SPOOL_DIR, else ~/.labbook/spool)
  --url URL       server (default: LABBOOK_URL, else the one each run used)
  --timeout S     seconds to keep retrying an unreachable server, per file (default 30)

Needs LABBOOK_API_KEY. Exit code 0 when everything was delivered, 1 when a file could
not be (it is kept), 2 for a usage error.
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { dir: { type: "string" }, url: { type: "string" }, timeout: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`labbook-sync: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const timeoutSeconds = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
    process.stderr.write(`labbook-sync: --timeout takes seconds, got ${values.timeout}\n`);
    return 2;
  }
  if (!process.env["LABBOOK_API_KEY"]) {
    process.stderr.write("labbook-sync: no API key; set LABBOOK_API_KEY\n");
    return 2;
  }
  const result = await sync({ paths: positionals, dir: values.dir, url: values.url, timeoutMs: timeoutSeconds * 1000 });
  if (result.files.length === 0) process.stdout.write(`Nothing to sync in ${result.dir}\n`);
  for (const file of result.files) process.stdout.write(`${file.message}\n`);
  return result.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
