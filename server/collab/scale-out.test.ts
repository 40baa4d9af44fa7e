import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startServeProcess, type ServeProcess } from "@/tests/support/cli";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { connectClient, type TestClient } from "./collab-test-client";
import { editorContent, occurrences, until, writeParagraph } from "./test-edits";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

// Two server processes share one database (Postgres only: PGlite has a single owner) and Redis.
describe.runIf(process.env.DATABASE_URL)("collaboration across two server processes with REDIS_URL", () => {
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  let servers: ServeProcess[] = [];
  let key = "";
  const clients: TestClient[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    env = { ...database.env, REDIS_URL };
    const cli = async (...args: string[]) => {
      const result = await runCli(args, env);
      if (result.code !== 0) throw new Error(`labbook ${args.join(" ")} failed: ${result.stderr}`);
      return result.stdout.trim().split("\n").at(-1) ?? "";
    };
    await cli("user", "create", "--email", "scale@example.com", "--password", "password-123");
    await cli("workspace", "create", "--slug", "scale", "--name", "Scale", "--owner", "scale@example.com");
    await cli("project", "create", "--workspace", "scale", "--slug", "p");
    key = await cli("apikey", "create", "--email", "scale@example.com");
    servers = await Promise.all([startServeProcess(env), startServeProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it("relays document updates and awareness between clients of different processes", async () => {
    const [one, two] = servers as [ServeProcess, ServeProcess];
    const created = await fetch(`${one.url}/api/v1/notebooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ project: "scale/p", title: "shared" }),
    });
    const { id } = (await created.json()) as { id: string };
    const a = connectClient(one.url, id, { token: key });
    const b = connectClient(two.url, id, { token: key });
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    writeParagraph(a.doc, "from one");
    writeParagraph(b.doc, "from two");
    await until(() => editorContent(a.doc) === editorContent(b.doc) && editorContent(a.doc).includes("from one") && editorContent(a.doc).includes("from two"), 10_000, "relay");
    a.provider.awareness.setLocalStateField("user", { color: "#123456" });
    await until(() => [...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { color?: string } }).user?.color === "#123456"), 10_000, "awareness relay");
    await Promise.all([a.saved(), b.saved()]);

    // A third client on either process loads everything, each edit once.
    const c = connectClient(two.url, id, { token: key });
    clients.push(c);
    await c.synced();
    expect(occurrences(c.doc, ">from one<")).toBe(1);
    expect(occurrences(c.doc, ">from two<")).toBe(1);
  }, 60_000);
});
