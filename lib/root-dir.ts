import path from "node:path";
import { fileURLToPath } from "node:url";

/** Set by the CLI bundler (bin/labbook.mjs), where `import.meta.url` names the bundle, not this file. */
declare const __LABBOOK_ROOT_DIR__: string | undefined;

/** The repository root: Next's project directory, where drizzle/ and package.json live. */
export const rootDir: string =
  typeof __LABBOOK_ROOT_DIR__ === "string" ? __LABBOOK_ROOT_DIR__ : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
