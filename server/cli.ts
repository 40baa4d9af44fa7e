import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createApiKey, createApiKeyInput } from "@/lib/api-keys/create-api-key";
import { isFirstRun } from "@/lib/auth/sign-up-policy";
import { DatabaseLockedError } from "@/lib/db/lock";
import { loadEnv, EnvError, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { roles } from "@/lib/access/roles";
import { addMember } from "@/lib/members/add-member";
import { createProject, createProjectInput } from "@/lib/projects/create-project";
import { createUser, createUserInput } from "@/lib/users/create-user";
import { findUserByEmailOrThrow } from "@/lib/users/find-user-by-email";
import { createWorkspace, createWorkspaceInput } from "@/lib/workspaces/create-workspace";
import type { Services } from "@/lib/runtime";
import { eq } from "drizzle-orm";
import { workspaces } from "@/lib/db/schema";
import { rootDir } from "@/lib/root-dir";
import { notFound } from "@/lib/errors";
import { DEMO_PROJECT, DEMO_WORKSPACE, ensureDemoData } from "@/lib/demo/ensure-demo-data";
import { streamDemoRuns } from "./demo-stream";
import { startServer } from "./index";
import { openServices } from "./services";

/** A usage problem: printed as one line on stderr, exit code 1. */
class UsageError extends Error {}

const USAGE = `Usage: labbook <command> [options]

Commands:
  serve [--no-ui] [--dev] [--port N] [--host H]   Run Labbook (API, sockets and web UI) on one port
  migrate                                          Apply database migrations
  user create --email E --password P [--name N]     Create a user
  workspace create --slug S --name N --owner E      Create a workspace owned by an existing user
  project create --workspace W --slug S [--name N]  Create a project
  member add --workspace W --email E --role R       Add an existing user to a workspace (${roles.join("|")})
  apikey create --email E [--name N]                Create an API key (printed alone on the last line)
  demo [--port N] [--no-ui]                         Start Labbook with a demo workspace and stream simulated training runs
  demo --url U --key K [--project W/P]              Stream simulated runs into a running Labbook`;

const out = (line: string) => process.stdout.write(`${line}\n`);

function parse<T extends Record<string, { type: "string" | "boolean" }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new UsageError(`--${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** Opens the services for a one-shot command, refusing politely when the server holds PGlite. */
async function withServices<T>(env: Env, run: (services: Services) => Promise<T>): Promise<T> {
  let services: Services;
  try {
    services = await openServices(env);
  } catch (error) {
    if (error instanceof DatabaseLockedError) {
      throw new UsageError(
        `Labbook is running (process ${error.pid}) and owns the embedded database in ${env.dataDir}; ` +
          "stop it before running this command, or use the HTTP API.",
      );
    }
    throw error;
  }
  try {
    return await run(services);
  } finally {
    await services.database.close();
  }
}

async function workspaceIdOrThrow(services: Services, slug: string): Promise<string> {
  const [row] = await services.database.db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug));
  if (!row) throw notFound(`No workspace with slug "${slug}".`);
  return row.id;
}

function buildIfMissing(): void {
  if (fs.existsSync(path.join(rootDir, ".next", "BUILD_ID"))) return;
  out("First start: building the web UI. This takes a minute or two, once…");
  const nextBin = path.join(rootDir, "node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: rootDir, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new UsageError("Building the web UI failed (see above).");
}

async function serve(args: string[]): Promise<void> {
  const flags = parse(args, {
    "no-ui": { type: "boolean" },
    dev: { type: "boolean" },
    "build-if-missing": { type: "boolean" },
    port: { type: "string" },
    host: { type: "string" },
  });
  const serveEnv = loadEnv({
    ...process.env,
    ...(flags.port !== undefined && { PORT: flags.port }),
    ...(flags.host !== undefined && { HOST: flags.host }),
  });
  const ui = !flags["no-ui"];
  if (ui && !flags.dev && flags["build-if-missing"]) buildIfMissing();
  const server = await startServer({ env: serveEnv, ui, dev: flags.dev ?? false });
  const firstRun = await isFirstRun(server.services.database.db);
  out(`\nLabbook ${server.services.version} is running at ${server.url} (database: ${server.services.database.kind})`);
  if (!ui) out(`API only (--no-ui): ${server.url}/api/v1/health`);
  else if (firstRun) out(`Next: open ${server.url} and create the first account; it becomes the owner of your workspace.`);
  else out(`Next: open ${server.url} and sign in.`);
  out("Press Ctrl+C to stop.");

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function demo(args: string[]): Promise<void> {
  const flags = parse(args, {
    port: { type: "string" },
    "no-ui": { type: "boolean" },
    url: { type: "string" },
    key: { type: "string" },
    project: { type: "string" },
  });
  const controller = new AbortController();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let target: { url: string; key: string; project: string };
  if (flags.url) {
    const key = flags.key ?? process.env.LABBOOK_API_KEY;
    if (!key) throw new UsageError("--key (or LABBOOK_API_KEY) is required with --url");
    target = { url: flags.url.replace(/\/+$/, ""), key, project: flags.project ?? `${DEMO_WORKSPACE}/${DEMO_PROJECT}` };
  } else {
    const env = loadEnv({ ...process.env, ...(flags.port !== undefined && { PORT: flags.port }) });
    const demoData = await withServices(env, (s) => ensureDemoData(s.database.db));
    const ui = !flags["no-ui"];
    if (ui) buildIfMissing();
    server = await startServer({ env, ui });
    target = { url: server.url, key: demoData.key, project: demoData.project };
    out(`\nLabbook demo is running at ${server.url}`);
    out(`Sign in as ${demoData.email} / ${demoData.password} and open ${server.url}/${demoData.project}`);
  }
  out("Streaming simulated training runs; press Ctrl+C to stop.");
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await streamDemoRuns({ ...target, signal: controller.signal, onRun: (run) => out(`Run ${run.name}: ${run.url}`) });
  await server?.close();
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    out(USAGE);
    return;
  }
  const key = command === "serve" || command === "migrate" ? command : `${command} ${sub ?? ""}`.trim();
  const args = command === "serve" || command === "migrate" ? argv.slice(1) : rest;
  if (key === "serve") return serve(args);
  if (command === "demo") return demo(argv.slice(1));
  const env = loadEnv();
  switch (key) {
    case "migrate": {
      parse(args, {});
      await withServices(env, (s) => Promise.resolve(out(`Migrations applied (${s.database.kind}).`)));
      return;
    }
    case "user create": {
      const f = parse(args, { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } });
      const input = validate(createUserInput, f);
      await withServices(env, async (s) => {
        const user = await createUser(s.database.db, input);
        out(`Created user ${user.email} (${user.id})`);
      });
      return;
    }
    case "workspace create": {
      const f = parse(args, { slug: { type: "string" }, name: { type: "string" }, owner: { type: "string" } });
      const input = validate(createWorkspaceInput.extend({ owner: z.email("must be an email address") }), f);
      await withServices(env, async (s) => {
        const owner = await findUserByEmailOrThrow(s.database.db, input.owner);
        const ws = await createWorkspace(s.database.db, { slug: input.slug, name: input.name, ownerId: owner.id });
        out(`Created workspace ${ws.slug} (${ws.id}) owned by ${owner.email}`);
      });
      return;
    }
    case "project create": {
      const f = parse(args, { workspace: { type: "string" }, slug: { type: "string" }, name: { type: "string" } });
      const input = validate(createProjectInput.extend({ workspace: z.string().min(1, "is required") }), f);
      await withServices(env, async (s) => {
        const workspaceId = await workspaceIdOrThrow(s, input.workspace);
        const project = await createProject(s.database.db, { slug: input.slug, name: input.name, workspaceId, actorId: null });
        out(`Created project ${input.workspace}/${project.slug} (${project.id})`);
      });
      return;
    }
    case "member add": {
      const f = parse(args, { workspace: { type: "string" }, email: { type: "string" }, role: { type: "string" } });
      const input = validate(
        z.object({ workspace: z.string().min(1, "is required"), email: z.email("must be an email address"), role: z.enum(roles) }),
        f,
      );
      await withServices(env, async (s) => {
        const workspaceId = await workspaceIdOrThrow(s, input.workspace);
        const user = await findUserByEmailOrThrow(s.database.db, input.email);
        await addMember(s.database.db, { workspaceId, userId: user.id, role: input.role, actorId: null });
        out(`Added ${user.email} to ${input.workspace} as ${input.role}`);
      });
      return;
    }
    case "apikey create": {
      const f = parse(args, { email: { type: "string" }, name: { type: "string" } });
      const input = validate(createApiKeyInput.extend({ email: z.email("must be an email address") }), f);
      await withServices(env, async (s) => {
        const user = await findUserByEmailOrThrow(s.database.db, input.email);
        const { apiKey, key } = await createApiKey(s.database.db, { userId: user.id, name: input.name });
        out(`Created API key "${apiKey.name}" for ${user.email}; it is shown only once:`);
        out(key);
      });
      return;
    }
    default:
      throw new UsageError(`Unknown command "${key}". Run "labbook help" for the list.`);
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  () => {
    if (argv[0] !== "serve") process.exit(0); // demo returns once its stream has stopped
  },
  (error: unknown) => {
    const message =
      error instanceof UsageError || error instanceof AppError || error instanceof EnvError
        ? error.message.replace(/\n\s*/g, " ")
        : `Unexpected error: ${(error as Error).message ?? String(error)}`;
    process.stderr.write(`labbook: ${message}\n`);
    process.exit(1);
  },
);
