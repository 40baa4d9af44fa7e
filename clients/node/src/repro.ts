/** What makes a run reproducible, captured at init. Every part is best effort and bounded in time. */

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JsonObject, JsonValue } from "./records.js";
import { jsonSafe } from "./values.js";

/** The diff of a dirty work tree is kept up to this many bytes. */
export const MAX_DIFF_BYTES = 100_000;
export const GIT_TIMEOUT_MS = 3_000;
/** Reading installed package versions stops after this long. */
export const PACKAGES_BUDGET_MS = 500;
export const MAX_PACKAGES = 2_000;

/** The `repro` object of a new run: git state, command, runtime, host and packages. */
export function collectRepro(options: { seed?: unknown; cwd?: string } = {}): JsonObject {
  const cwd = options.cwd ?? process.cwd();
  const repro: JsonObject = {
    command: [...process.argv],
    cwd,
    runtime: {
      name: "node",
      version: process.versions.node,
      executable: process.execPath,
      execArgv: [...process.execArgv],
      platform: `${process.platform}-${process.arch}`,
      os: `${os.type()} ${os.release()}`,
    },
  };
  const parts: [string, () => JsonValue | undefined][] = [
    ["host", () => os.hostname()],
    ["git", () => gitState(cwd)],
    ["packages", () => installedPackages(cwd)],
    ["hardware", () => hardware()],
  ];
  for (const [field, capture] of parts) {
    try {
      const value = capture();
      if (value !== undefined) repro[field] = value;
    } catch {
      // Repro is optional; it must never stop a run.
    }
  }
  if (options.seed !== undefined) repro["seed"] = jsonSafe(options.seed) ?? String(options.seed);
  return repro;
}

const gitEnv = () => ({ ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" });

/** `git …` in `cwd`: its trimmed output, or undefined on any failure (no git, not a repo, timeout). */
function git(cwd: string, ...args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "ignore"], timeout: GIT_TIMEOUT_MS, encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** A remote URL without any user or token in it (`https://tok@host/x` → `https://host/x`). */
export function stripCredentials(remote: string): string {
  try {
    const url = new URL(remote);
    if (url.protocol !== "file:" && url.host && (url.username || url.password)) {
      url.username = "";
      url.password = "";
      return url.toString();
    }
  } catch {
    // scp-like `git@host:org/repo.git`: the user is not a secret
  }
  return remote;
}

/** `git diff HEAD` up to MAX_DIFF_BYTES, marked when cut. */
function cappedDiff(cwd: string): string | undefined {
  let data: Buffer;
  let truncated = false;
  try {
    data = execFileSync("git", ["diff", "HEAD", "--no-color", "--no-ext-diff"], {
      cwd,
      env: gitEnv(),
      stdio: ["ignore", "pipe", "ignore"],
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: MAX_DIFF_BYTES,
    });
  } catch (error) {
    // Over the cap (ENOBUFS) or too slow: keep what arrived.
    const partial = (error as { stdout?: unknown }).stdout;
    if (!Buffer.isBuffer(partial) || partial.length === 0) return undefined;
    data = partial;
    truncated = true;
  }
  let text = data.subarray(0, MAX_DIFF_BYTES).toString("utf8");
  if (truncated || data.length > MAX_DIFF_BYTES) text += `\n… diff truncated at ${MAX_DIFF_BYTES} bytes\n`;
  return text;
}

/** Commit, branch, remote, dirty flag and (when dirty) a size-capped diff; undefined outside git. */
export function gitState(cwd: string): JsonObject | undefined {
  const commit = git(cwd, "rev-parse", "HEAD");
  if (!commit) return undefined;
  const state: JsonObject = { commit };
  const branch = git(cwd, "rev-parse", "--abbrev-ref", "HEAD");
  if (branch && branch !== "HEAD") state["branch"] = branch;
  const remote = git(cwd, "config", "--get", "remote.origin.url");
  if (remote) state["remote"] = stripCredentials(remote);
  const status = git(cwd, "status", "--porcelain", "--untracked-files=no");
  if (status !== undefined) {
    state["dirty"] = status.length > 0;
    if (status.length > 0) {
      const diff = cappedDiff(cwd);
      if (diff) state["diff"] = diff;
    }
  }
  return state;
}

/**
 * The dependencies declared in `cwd`'s package.json, each with the version installed in
 * its node_modules (else the declared range); undefined without a package.json.
 */
export function installedPackages(cwd: string): JsonObject | undefined {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(cwd, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const started = Date.now();
  const packages: [string, string][] = [];
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    const declared = manifest[field];
    if (typeof declared !== "object" || declared === null) continue;
    for (const [name, range] of Object.entries(declared as Record<string, unknown>)) {
      if (packages.length >= MAX_PACKAGES) break;
      let version = typeof range === "string" ? range : String(range);
      if (Date.now() - started < PACKAGES_BUDGET_MS) {
        try {
          const installed = JSON.parse(fs.readFileSync(path.join(cwd, "node_modules", name, "package.json"), "utf8")) as { version?: unknown };
          if (typeof installed.version === "string") version = installed.version;
        } catch {
          // Not installed here: the declared range is what we know.
        }
      }
      packages.push([name, version]);
    }
  }
  packages.sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(packages);
}

function hardware(): JsonObject {
  const cpus = os.cpus();
  const info: JsonObject = { cpus: os.availableParallelism(), memoryBytes: os.totalmem() };
  if (cpus[0]?.model) info["cpu"] = cpus[0].model;
  return info;
}
