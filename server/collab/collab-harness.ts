import { randomUUID } from "node:crypto";
import http from "node:http";
import type { Duplex } from "node:stream";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { users } from "@/lib/db/schema";
import { loadEnv } from "@/lib/env";
import { createNotebook } from "@/lib/notebooks/create-notebook";
import { createProject } from "@/lib/projects/create-project";
import type { Services } from "@/lib/runtime";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { openServices } from "../services";
import { createCollabServer, type CollabOptions, type CollabServer } from "./collab-server";

/**
 * The collaboration server alone on a port, for tests that tune its timings or wrap its store
 * (a slow or failing database) and restart it on the same port and database.
 */
export interface CollabHarness {
  url: string;
  services: Services;
  collab: CollabServer;
  /** An editor's API key and a new notebook. */
  notebook(): Promise<string>;
  key: string;
  /** Shuts the server down gracefully (flushing) and starts it again on the same port and database. */
  restart(overrides?: Partial<CollabOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function startCollabHarness(
  overrides: Partial<CollabOptions> & {
    wrapStore?: (store: NotebookStore) => NotebookStore;
    /** Sees each upgraded socket before the server takes it (tests that watch what is written). */
    observeSocket?: (socket: Duplex) => void;
  } = {},
): Promise<CollabHarness> {
  const database: TestDatabase = await createTestDatabase();
  const env = loadEnv({ ...process.env, ...database.env, LOG_LEVEL: "silent" });
  let services = await openServices(env);
  const { createDbNotebookStore } = await import("@/lib/collab/db-notebook-store");
  const build = (s: Services, o: Partial<CollabOptions>) => {
    const store = createDbNotebookStore(s.database);
    return createCollabServer(s, { ...overrides, ...o, store: overrides.wrapStore ? overrides.wrapStore(store) : store });
  };
  let collab = build(services, {});
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket: Duplex, head) => {
    overrides.observeSocket?.(socket);
    void collab.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  const db = () => services.database.db;
  const id = randomUUID();
  await db().insert(users).values({ id, email: `collab-${id}@example.com`, name: "Editor" });
  const workspace = await createWorkspace(db(), { slug: `c-${id.slice(0, 8)}`, name: "C", ownerId: id });
  await createProject(db(), { slug: "p", workspaceId: workspace.id, actorId: id });
  const { key } = await createApiKey(db(), { userId: id, name: "test" });

  const harness: CollabHarness = {
    url: `http://127.0.0.1:${port}`,
    services,
    collab,
    key,
    async notebook() {
      return (await createNotebook(db(), { project: [workspace.slug, "p"], title: "n", userId: id })).id;
    },
    async restart(o = {}) {
      await collab.close();
      await services.bus.close();
      await services.database.close();
      services = await openServices(env);
      collab = build(services, o);
      harness.services = services;
      harness.collab = collab;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await collab.close();
      await services.bus.close();
      await services.database.close();
      await database.drop();
    },
  };
  return harness;
}
