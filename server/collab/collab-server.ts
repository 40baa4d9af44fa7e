import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { hasRole, type Role } from "@/lib/access/roles";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { AppError, errorCodes } from "@/lib/errors";
import { logger } from "@/lib/log";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import { saveVersion } from "@/lib/notebooks/save-version";
import { collabCloseCodes, collabParams, COLLAB_PATH, docBusEvent, EDITOR_SCHEMA_VERSION } from "@/lib/protocol/collab";
import type { Services } from "@/lib/runtime";
import { authenticateHandshake, isSameOrigin, type HandshakeCaller } from "../http/authenticate-handshake";
import { refuseUpgrade, type UpgradeHandler } from "../upgrade";
import { Connection, FloodError } from "./connection";
import { createDocuments } from "./documents";
import { notebookIndexers } from "./indexers";
import type { DocumentIndexer } from "./indexing";
import { startAccessRecheck } from "./recheck";
import { createRelay } from "./relay";
import type { Room } from "./room";
import { createShortCache } from "./short-cache";

const log = logger("collab");

export interface CollabOptions {
  /** Largest accepted frame; larger ones close the connection (1009). */
  maxMessageBytes: number;
  /** The batch window of database writes (at most 100 ms). */
  flushDelayMs: number;
  compactAfterRows: number;
  /** Connections a change is written to before the server reads again (larger rooms: the rest in later turns). */
  fanoutChunk: number;
  /** How often open connections' credentials and roles are checked again. */
  recheckMs: number;
  pingMs: number;
  autoVersion: { pauseMs: number; maxIntervalMs: number };
  /** How long a successful authentication or authorization is reused by new connections. */
  authCacheMs: number;
  /** How long shutdown waits for pending writes. */
  shutdownFlushMs: number;
  /** How long after the last stored change a page is indexed (decision log, …). */
  indexDelayMs: number;
  store?: NotebookStore;
  /** Replaces the indexers of {@link notebookIndexers}. */
  indexers?: readonly DocumentIndexer[];
}

export const defaultCollabOptions: CollabOptions = {
  maxMessageBytes: 4 * 1024 * 1024,
  flushDelayMs: 50,
  compactAfterRows: 1_000,
  fanoutChunk: 256,
  recheckMs: 5_000,
  pingMs: 30_000,
  autoVersion: { pauseMs: 60_000, maxIntervalMs: 60 * 60_000 },
  authCacheMs: 2_000,
  shutdownFlushMs: 5_000,
  indexDelayMs: 1_000,
};

export interface CollabServer {
  /** Takes a `/ws/yjs/<notebookId>` upgrade from the process's upgrade router. */
  handleUpgrade: UpgradeHandler;
  /** Open connections and loaded notebooks (tests, health). */
  stats(): { notebooks: number; connections: number };
  /** Closes every connection (1001), writes pending updates out, unloads everything. */
  close(): Promise<void>;
}

const MAX_REASON_BYTES = 120;
const REFUSAL_LINGER_MS = 1_000;
const closeReason = (reason: string) => (Buffer.byteLength(reason) <= MAX_REASON_BYTES ? reason : `${reason.slice(0, MAX_REASON_BYTES - 3)}...`);

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/**
 * The y-websocket endpoint: authenticates and authorizes each upgrade before any document
 * byte, loads the notebook before syncing, stores every update (batched, in order), relays
 * through the bus when scaled out, and unloads a notebook when its last client leaves.
 */
export function createCollabServer(services: Services, overrides: Partial<CollabOptions> = {}): CollabServer {
  const options = { ...defaultCollabOptions, ...overrides };
  const db = services.database.db;
  const store = options.store ?? createDbNotebookStore(services.database);
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const relay = createRelay(services.bus, { publish: services.env.REDIS_URL !== undefined, log });
  const documents = createDocuments({
    store,
    log,
    flushDelayMs: options.flushDelayMs,
    compactAfterRows: options.compactAfterRows,
    fanoutChunk: options.fanoutChunk,
    autoVersion: options.autoVersion,
    indexers: options.indexers ?? notebookIndexers(db, services.bus),
    indexDelayMs: options.indexDelayMs,
    saveAutoVersion: async (notebookId, state, authorId) => void (await saveVersion(db, { notebookId, kind: "auto", state, authorId })),
    ...(relay.hooks && { relay: relay.hooks }),
  });
  relay.attach(documents);
  // A change stored over REST (a version restore, see publishStoredUpdate) to a page nobody
  // has open here is indexed by loading the page briefly: the room indexes on load and before unloading.
  const stopIndexingStored = services.bus.subscribe((message) => {
    if (closing || message.type !== "doc") return;
    const event = docBusEvent.safeParse(message.event);
    if (!event.success || event.data.kind !== "update" || event.data.from !== "api") return;
    const { notebookId } = event.data;
    if (documents.get(notebookId)) return;
    documents.acquire(notebookId).then(
      (room) => documents.release(room),
      (error: unknown) => log.warn({ err: error, notebookId }, "loading a notebook to index it failed"),
    );
  });
  const recheck = startAccessRecheck(services, documents, { intervalMs: options.recheckMs, log });
  let closing = false;
  const callers = createShortCache<HandshakeCaller>(options.authCacheMs);
  const roles = createShortCache<Role>(options.authCacheMs);

  const pinger = setInterval(() => {
    for (const room of documents.rooms()) {
      for (const conn of room.conns) {
        if (conn.ws.readyState !== conn.ws.OPEN) continue; // ping() throws on a closing socket
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }, options.pingMs);
  pinger.unref();

  /** Accepts the socket only to close it with a code the client understands (4400–4499: do not retry). */
  function refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string): void {
    if (!socket.readable || !socket.writable) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.close(code, closeReason(reason));
      // A peer that never answers the close frame is cut off soon, not after ws's 30 s.
      setTimeout(() => ws.terminate(), REFUSAL_LINGER_MS).unref();
    });
  }

  function refuseWithError(req: IncomingMessage, socket: Duplex, head: Buffer, error: unknown): void {
    if (error instanceof AppError) return refuse(req, socket, head, errorCodes[error.code].close, error.message);
    log.error({ err: error }, "collaboration upgrade failed");
    refuse(req, socket, head, collabCloseCodes.internal, "Something went wrong on the server.");
  }

  async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    const url = new URL(req.url ?? "/", "http://localhost");
    let notebookId = "";
    try {
      notebookId = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length));
    } catch {
      // not decodable: not found below
    }
    const params = collabParams.safeParse(Object.fromEntries(url.searchParams));
    if (!params.success) {
      const issue = params.error.issues[0];
      return refuse(req, socket, head, collabCloseCodes.invalid, `${issue?.path.join(".") ?? "params"}: ${issue?.message ?? "invalid"}`);
    }
    const { token, schema } = params.data;
    const secure = (socket as Partial<TLSSocket>).encrypted === true;
    // Cross-site WebSocket hijacking: a foreign page's handshake carries our cookies too.
    if (token === undefined && req.headers.cookie && !isSameOrigin(services, req.headers, secure)) return refuseUpgrade(socket, 403, "Forbidden");

    let readOnly: boolean;
    let caller: HandshakeCaller;
    try {
      const credential = token !== undefined ? `token:${token}` : `cookie:${req.headers.cookie ?? ""}`;
      caller = await callers.get(credential, () => authenticateHandshake(services, { token, headers: req.headers, secure }));
      const userId = caller.user.id;
      const role = await roles.get(`${userId}:${notebookId}`, async () => (await authorizeNotebook(db, { userId, notebookId, min: "viewer" })).role);
      readOnly = !hasRole(role, "editor");
    } catch (error) {
      return refuseWithError(req, socket, head, error);
    }
    // An older editor would delete the content it has no schema for.
    if (schema !== undefined && schema < EDITOR_SCHEMA_VERSION) {
      return refuse(req, socket, head, collabCloseCodes.reload, `reload: this editor (schema ${schema}) is older than the server's (${EDITOR_SCHEMA_VERSION})`);
    }

    let room: Awaited<ReturnType<typeof documents.acquire>>;
    try {
      room = await documents.acquire(notebookId);
    } catch (error) {
      log.warn({ err: error, notebookId }, "loading a notebook failed");
      return refuse(req, socket, head, collabCloseCodes.unavailable, "The notebook could not be loaded; retrying.");
    }
    if (closing || !socket.readable || !socket.writable) {
      documents.release(room);
      return void socket.destroy();
    }
    const held = room;
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, socket, held, caller, readOnly, notebookId));
  }

  /**
   * Wires an upgraded socket to its room. A function of its own so that the socket's handlers
   * keep only what they use, not the upgrade request (its headers and buffers), per connection.
   */
  function accept(ws: WebSocket, socket: Duplex, room: Room, caller: HandshakeCaller, readOnly: boolean, notebookId: string): void {
    const conn = new Connection(ws, socket, room, caller, readOnly);
    ws.on("message", (data: RawData, isBinary: boolean) => {
      try {
        if (!isBinary) throw new Error("text frame");
        conn.receive(toBytes(data));
      } catch (error) {
        if (error instanceof FloodError) {
          log.warn({ notebookId, userId: caller.user.id }, "collaboration connection flooded messages; closed");
          return conn.close(collabCloseCodes.rateLimited, "too many messages");
        }
        log.debug({ err: error, notebookId }, "malformed collaboration message");
        conn.close(collabCloseCodes.invalid, "malformed message");
      }
    });
    ws.on("pong", () => (conn.alive = true));
    ws.on("error", (error) => log.debug({ err: error, notebookId }, "collaboration socket error"));
    ws.on("close", () => {
      room.detach(conn);
      documents.maybeUnload(room);
    });
    room.attach(conn);
    documents.release(room);
  }

  return {
    handleUpgrade,
    stats() {
      let connections = 0;
      let notebooks = 0;
      for (const room of documents.rooms()) {
        notebooks++;
        connections += room.conns.size;
      }
      return { notebooks, connections };
    },
    async close() {
      if (closing) return;
      closing = true;
      recheck.stop();
      clearInterval(pinger);
      relay.stop();
      stopIndexingStored();
      for (const room of documents.rooms()) for (const conn of room.conns) conn.close(collabCloseCodes.goingAway, "server restarting");
      await documents.closeAll(options.shutdownFlushMs);
      wss.close();
    },
  };
}
