#!/usr/bin/env node
// Entry point of the `labbook` command. Runs the TypeScript CLI from a bundle that esbuild
// rebuilds whenever server/ or lib/ changed (a few hundred ms, once), so that a start does not
// pay for compiling every module on the fly; falls back to tsx when bundling is impossible.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const command = process.argv[2];
if (command !== "serve") {
  // Operator commands print results on stdout; keep logs quiet and on stderr.
  process.env.LOG_LEVEL ??= "warn";
  process.env.LABBOOK_LOG_TO_STDERR = "1";
}
if (!process.argv.includes("--dev")) process.env.NODE_ENV ??= "production";
// A self-hosted instance reports nothing anywhere.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

process.setSourceMapsEnabled(true);

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(rootDir, "node_modules", ".cache", "labbook-cli");
const SOURCE_DIRS = ["server", "lib"];
const SOURCE_FILES = ["tsconfig.json", "package.json", "bin/labbook.mjs"];

/** A fingerprint of every file the bundle is built from: paths, sizes and modification times. */
function sourceStamp() {
  const parts = [];
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) parts.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(rootDir, dir));
  for (const file of SOURCE_FILES) parts.push(path.join(rootDir, file));
  return parts
    .sort()
    .map((file) => {
      const stat = fs.statSync(file);
      return `${path.relative(rootDir, file)}:${stat.size}:${stat.mtimeMs}`;
    })
    .join("\n");
}

/** Builds the bundle of these sources into its own folder; folders in use are never touched. */
async function buildBundle(bundleDir) {
  const { build } = await import("esbuild");
  const staging = `${bundleDir}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: { cli: path.join(rootDir, "server", "cli.ts") },
    outdir: staging,
    bundle: true,
    splitting: true, // lazily imported modules (auth, password hashing) stay lazy
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: path.join(rootDir, "tsconfig.json"),
    define: { __LABBOOK_ROOT_DIR__: JSON.stringify(rootDir) },
    outExtension: { ".js": ".mjs" },
    sourcemap: "inline",
    logLevel: "silent",
  });
  try {
    fs.renameSync(staging, bundleDir);
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another process installed it first
  }
  if (!fs.existsSync(path.join(bundleDir, "cli.mjs"))) throw new Error("the bundle could not be installed");
  // Bundles of older sources, unused for a day, go.
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (dir !== bundleDir && Date.now() - fs.statSync(dir).mtimeMs > 86_400_000) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bundle's entry, built first when these sources have none; undefined when it cannot be built. */
async function bundleEntry() {
  try {
    const key = createHash("sha256").update(sourceStamp()).digest("hex").slice(0, 16);
    const bundleDir = path.join(cacheDir, key);
    if (!fs.existsSync(path.join(bundleDir, "cli.mjs"))) {
      fs.mkdirSync(cacheDir, { recursive: true });
      await buildBundle(bundleDir);
    }
    // Bare imports in the bundle resolve from its folder upward, through node_modules.
    return pathToFileURL(path.join(bundleDir, "cli.mjs")).href;
  } catch (error) {
    process.stderr.write(`labbook: running from source (${error instanceof Error ? error.message : String(error)})\n`);
    return undefined;
  }
}

const entry = process.env.LABBOOK_NO_BUNDLE === "1" ? undefined : await bundleEntry();
if (entry) {
  await import(entry);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(rootDir, "tsconfig.json") });
  await import("../server/cli.ts");
}
