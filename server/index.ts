import { EventEmitter } from "node:events";
import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import { CLIENT_IP_HEADER } from "@/lib/auth/constants";
import type { Env } from "@/lib/env";
import { logger } from "@/lib/log";
import { COLLAB_PATH } from "@/lib/protocol/collab";
import { LIVE_PATH } from "@/lib/protocol/live";
import { rootDir } from "@/lib/root-dir";
import { setServices, type Services } from "@/lib/runtime";
import { createCollabServer, type CollabServer } from "./collab/collab-server";
import { createHttpApp } from "./http/app";
import { createLiveServer, type LiveServer } from "./live/live-server";
import { openServices } from "./services";
import { createUpgradeRouter, type UpgradeHandler } from "./upgrade";

const log = logger("server");
const SHUTDOWN_GRACE_MS = 8_000;

export interface StartOptions {
  env: Env;
  /** Serve the Next pages; false serves the API and sockets only (`serve --no-ui`). */
  ui: boolean;
  dev?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  /** Stops accepting, finishes in-flight requests, closes Next and the database. */
  close(): Promise<void>;
}

type NextApp = {
  prepare(): Promise<void>;
  getRequestHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  close(): Promise<void>;
  upgradeHandler?: UpgradeHandler;
};

async function prepareNext(env: Env, dev: boolean): Promise<NextApp> {
  const { default: next } = await import("next");
  // Next attaches its own 'upgrade' listener to `httpServer` on the first request; giving it a
  // detached emitter keeps the one upgrade router in charge (Next routes could match /ws/…).
  const detached = new EventEmitter() as unknown as http.Server;
  const app = next({ dev, dir: rootDir, hostname: env.HOST, port: env.PORT, httpServer: detached }) as unknown as NextApp;
  await app.prepare();
  return app;
}

/** Records the socket's address in a header that clients cannot set (rate limiting, sessions). */
function setClientIp(req: http.IncomingMessage): void {
  const ip = req.socket.remoteAddress ?? "unknown";
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    if (raw[i]?.toLowerCase() === CLIENT_IP_HEADER) raw.splice(i, 2);
  }
  raw.push(CLIENT_IP_HEADER, ip);
  req.headers[CLIENT_IP_HEADER] = ip;
}

/** Boots Labbook: database, migrations, API, sockets and (optionally) the Next UI on one port. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { env } = options;
  const started = Date.now();
  const services = await openServices(env);
  setServices(services);
  let nextApp: NextApp | undefined;
  let live: LiveServer | undefined;
  let collab: CollabServer | undefined;
  try {
    const api = getRequestListener(createHttpApp(services).fetch);
    nextApp = options.ui ? await prepareNext(env, options.dev ?? false) : undefined;
    const page = nextApp?.getRequestHandler();
    live = createLiveServer(services, { recheckMs: env.LABBOOK_ACCESS_RECHECK_MS });
    const liveServer = live;
    collab = createCollabServer(services, { recheckMs: env.LABBOOK_ACCESS_RECHECK_MS });
    const collabServer = collab;

    let inFlight = 0;
    let drained: (() => void) | undefined;
    const server = http.createServer((req, res) => {
      inFlight++;
      res.on("close", () => {
        inFlight--;
        if (inFlight === 0) drained?.();
      });
      setClientIp(req);
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (pathname.startsWith("/api/")) {
        void api(req, res);
        return;
      }
      if (pathname.startsWith(LIVE_PATH)) {
        liveServer.handleRequest(req, res);
        return;
      }
      // WebSocket endpoints never reach Next's routes.
      if (pathname.startsWith("/ws/") || !page) {
        res.writeHead(404, { "content-type": "application/json" });
        const message = page ? `No HTTP endpoint at ${pathname}.` : "This server runs without the web UI (--no-ui); the API is under /api/v1.";
        res.end(JSON.stringify({ error: { code: "not_found", message } }));
        return;
      }
      page(req, res).catch((error: unknown) => {
        log.error({ err: error, url: req.url }, "page request failed");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    server.keepAliveTimeout = 65_000;
    const routeUpgrade = createUpgradeRouter(
      [
        [COLLAB_PATH, collabServer.handleUpgrade],
        [LIVE_PATH, liveServer.handleUpgrade],
      ],
      nextApp?.upgradeHandler,
    );
    server.on("upgrade", (req, socket, head) => void routeUpgrade(req, socket, head));

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(env.PORT, env.HOST, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const shownHost = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST;
    const url = `http://${shownHost}:${port}`;
    log.info({ url, database: services.database.kind, ui: options.ui, ms: Date.now() - started }, "Labbook is listening");
    // Warm the authentication module now that requests are already being served.
    services.auth().catch((error: unknown) => log.error({ err: error }, "loading authentication failed"));

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        log.info("shutting down");
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await liveServer.close();
        // Pending notebook updates are written before the database closes.
        await collabServer.close();
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => (drained = resolve)),
            new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
          ]);
        }
        server.closeAllConnections();
        await stopped;
        await nextApp?.close();
        await services.bus.close();
        await services.database.close();
        setServices(undefined);
        log.info("stopped");
      })());
    return { url, port, services, close };
  } catch (error) {
    await live?.close().catch(() => undefined);
    await collab?.close().catch(() => undefined);
    await nextApp?.close().catch(() => undefined);
    await services.bus.close();
    await services.database.close();
    setServices(undefined);
    throw error;
  }
}
