import http from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { notFound } from "@/lib/errors";
import { logger } from "@/lib/log";
import { LIVE_NAMESPACE, LIVE_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/protocol/live";
import type { Services } from "@/lib/runtime";
import type { UpgradeHandler } from "../upgrade";
import { authenticationMiddleware } from "./authenticate-socket";
import { trackBacklog } from "./backlog";
import { watchCrashes } from "./crash-watch";
import { toConnectError } from "./errors";
import { startFanOut } from "./fan-out";
import { createPresence } from "./presence";
import { startLiveRecheck } from "./recheck";
import { handleSubscriptions, type SocketSubscriptions } from "./subscriptions";
import type { InterServerEvents, LiveSocket, LiveSocketData } from "./types";

const log = logger("live");

/** Payloads above this size close the connection (a subscribe with 1000 long keys fits). */
const MAX_PAYLOAD_BYTES = 1_000_000;

export interface LiveServer {
  /** Takes a `/ws/socket.io/` upgrade from the process's upgrade router. */
  handleUpgrade: UpgradeHandler;
  /** Takes a `/ws/socket.io/` HTTP request (the long-polling transport). */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
  close(): Promise<void>;
}

/**
 * socket.io at `/ws/socket.io/`, namespace `/live`: authenticated connections subscribe to
 * runs, hear their points, status (crashes included), comments and watchers. With `REDIS_URL`, watchers lists
 * span every server process (Redis adapter); points reach each process through the bus.
 */
export function createLiveServer(services: Services, options: { recheckMs: number }): LiveServer {
  // The engine is given a server that never listens, so that its own request and upgrade
  // listeners stay idle: the process's one router hands it our path instead.
  const idle = http.createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>(idle, {
    path: LIVE_PATH,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
  });

  let redis: { pub: Redis; sub: Redis } | undefined;
  if (services.env.REDIS_URL) {
    const pub = new Redis(services.env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on("error", (error: Error) => log.warn({ err: error }, "redis adapter connection error"));
    redis = { pub, sub };
    io.adapter(createAdapter(pub, sub, { key: "labbook:live" }));
  }

  // Only the live namespace exists.
  io.of("/").use((_socket, next) => next(toConnectError(notFound(`Connect to the ${LIVE_NAMESPACE} namespace.`), "namespace")));

  const nsp = io.of(LIVE_NAMESPACE);
  const presence = createPresence(nsp, { singleProcess: !redis });
  nsp.use(authenticationMiddleware(services));
  const subscriptions = new WeakMap<LiveSocket, SocketSubscriptions>();
  nsp.on("connection", (socket) => {
    trackBacklog(socket);
    subscriptions.set(socket, handleSubscriptions(services, presence, socket));
  });
  const fanOut = startFanOut(nsp, services.bus);
  const crashWatch = watchCrashes(nsp, services);
  const recheck = startLiveRecheck(nsp, services, (socket) => subscriptions.get(socket), { intervalMs: options.recheckMs, log });

  return {
    handleUpgrade: (req, socket, head) => io.engine.handleUpgrade(req, socket, head),
    handleRequest: (req, res) => io.engine.handleRequest(req, res),
    async close() {
      fanOut.stop();
      crashWatch.stop();
      recheck.stop();
      await io.close();
      if (redis) await Promise.all([redis.pub.quit(), redis.sub.quit()]).catch((error: unknown) => log.warn({ err: error }, "closing redis failed"));
    },
  };
}
