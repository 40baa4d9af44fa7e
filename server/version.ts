import { readFileSync } from "node:fs";
import path from "node:path";
import { rootDir } from "@/lib/root-dir";

/** The running Labbook version, from package.json. */
export const version: string = (
  JSON.parse(readFileSync(path.join(rootDir, "package.json"), "utf8")) as { version: string }
).version;
