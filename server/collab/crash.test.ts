import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { runCli, startServeProcess, type ServeProcess } from "@/tests/support/cli";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { connectClient, type TestClient } from "./collab-test-client";
import { editorContent, occurrences, until, writeParagraph } from "./test-edits";

const clockOf = (doc: Y.Doc, clientId: number) => Y.decodeStateVector(Y.encodeStateVector(doc)).get(clientId) ?? 0;

describe("collaboration server killed with SIGKILL while 5 clients edit", () => {
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  let serve: ServeProcess | undefined;
  let key = "";
  beforeAll(async () => {
    database = await createTestDatabase();
    env = { ...database.env };
    const cli = async (...args: string[]) => {
      const result = await runCli(args, env);
      if (result.code !== 0) throw new Error(`labbook ${args.join(" ")} failed: ${result.stderr}`);
      return result.stdout.trim().split("\n").at(-1) ?? "";
    };
    await cli("user", "create", "--email", "crash@example.com", "--password", "password-123");
    await cli("workspace", "create", "--slug", "crash", "--name", "Crash", "--owner", "crash@example.com");
    await cli("project", "create", "--workspace", "crash", "--slug", "p");
    key = await cli("apikey", "create", "--email", "crash@example.com");
  }, 120_000);
  afterAll(async () => {
    await serve?.stop("SIGKILL");
    await database?.drop();
  });

  it("keeps every acknowledged edit, and after reconnecting every edit is present exactly once", async () => {
    serve = await startServeProcess(env);
    const created = await fetch(`${serve.url}/api/v1/notebooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ project: "crash/p", title: "crash" }),
    });
    const { id } = (await created.json()) as { id: string };
    let clients: TestClient[] = Array.from({ length: 5 }, () => connectClient(serve!.url, id, { token: key }));
    await Promise.all(clients.map((c) => c.synced()));

    const written = clients.map(() => 0);
    let editing = true;
    const editors = clients.map(async (c, i) => {
      while (editing) {
        writeParagraph(c.doc, `c${i}-${written[i]!++}`);
        await new Promise((r) => setTimeout(r, 3 + i));
      }
    });
    await new Promise((r) => setTimeout(r, 1_500));
    await serve.stop("SIGKILL");
    const acked = clients.map((c) => c.acked());
    editing = false;
    await Promise.all(editors);
    for (const [i, c] of clients.entries()) {
      expect(acked[i]).toBeGreaterThan(0);
      // the crash really happened mid-edit: some edits were never acknowledged
      expect(c.clock()).toBeGreaterThanOrEqual(acked[i]!);
    }
    expect(clients.some((c, i) => c.clock() > acked[i]!)).toBe(true);

    serve = await startServeProcess(env);
    // Before anyone reconnects, the restarted server holds every acknowledged edit.
    const fresh = connectClient(serve.url, id, { token: key });
    await fresh.synced();
    for (const [i, c] of clients.entries()) expect(clockOf(fresh.doc, c.doc.clientID)).toBeGreaterThanOrEqual(acked[i]!);
    fresh.destroy();

    // The editors reconnect (new address: new providers on the same documents) and resend the rest.
    const docs = clients.map((c) => c.doc);
    for (const c of clients) c.provider.destroy();
    clients = docs.map((doc) => connectClient(serve!.url, id, { token: key, doc }));
    await Promise.all(clients.map((c) => c.synced()));
    await Promise.all(clients.map((c) => c.saved(15_000)));
    const check = connectClient(serve.url, id, { token: key });
    await check.synced();
    await until(() => clients.every((c) => editorContent(c.doc) === editorContent(check.doc)), 10_000, "convergence");
    for (const [i, count] of written.entries()) {
      for (let n = 0; n < count; n++) expect(occurrences(check.doc, `>c${i}-${n}<`)).toBe(1);
    }
    check.destroy();
    for (const c of clients) c.destroy();
  }, 120_000);

  it("on SIGTERM writes out every update it received before the database closes", async () => {
    await serve?.stop(); // one owner at a time for the embedded database
    serve = await startServeProcess(env);
    const created = await fetch(`${serve.url}/api/v1/notebooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ project: "crash/p", title: "sigterm" }),
    });
    const { id } = (await created.json()) as { id: string };
    const writer = connectClient(serve.url, id, { token: key });
    await writer.synced();
    // A burst the server receives (20 ms on loopback) but stops before its 50 ms batch window ends.
    for (let n = 0; n < 50; n++) writeParagraph(writer.doc, `t-${n}`);
    await new Promise((r) => setTimeout(r, 20));
    const { code } = await serve.stop("SIGTERM");
    writer.provider.disconnect();
    expect(code).toBe(0);

    serve = await startServeProcess(env);
    const fresh = connectClient(serve.url, id, { token: key });
    await fresh.synced();
    for (let n = 0; n < 50; n++) expect(occurrences(fresh.doc, `>t-${n}<`)).toBe(1);
    fresh.destroy();
    writer.destroy();
  }, 60_000);
});
