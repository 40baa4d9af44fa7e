import type { Logger } from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { AutoVersions } from "./auto-versions";
import { Connection } from "./connection";
import { binaryFrame } from "./frame";
import { createIndexScheduler, type DocumentIndexer, type IndexScheduler } from "./indexing";
import { awarenessMessage, stateVectorMessage, updateMessage } from "./messages";
import { createWriteQueue, type WriteQueue } from "./write-queue";

/** A writer hears "stored" at most this often. */
const ACK_INTERVAL_MS = 1_000;

/** Origin of updates read from the database: already stored, nobody to tell. */
export const STORED = Symbol("stored");
/** Origin of updates from another server process: told to our clients, stored by their origin. */
export const REMOTE = Symbol("remote");

export interface RoomOptions {
  store: NotebookStore;
  log: Logger;
  flushDelayMs: number;
  /** Compact once this many rows were appended since the last compaction. */
  compactAfterRows: number;
  /** Connections written per turn of the event loop while fanning a change out (see Room.broadcast). */
  fanoutChunk: number;
  autoVersion: { pauseMs: number; maxIntervalMs: number };
  saveAutoVersion(notebookId: string, state: Uint8Array, authorId: string | null): Promise<void>;
  /** What the server derives from pages (the decision log, …); run after stored changes, debounced, and before unloading. */
  indexers?: readonly DocumentIndexer[];
  /** Indexing waits this long after the last stored change. */
  indexDelayMs?: number;
  /** Other server processes, when there are any. */
  relay?: {
    publishUpdate(notebookId: string, update: Uint8Array): void;
    publishAwareness(notebookId: string, update: Uint8Array): void;
    requestSync(notebookId: string, stateVector: Uint8Array): void;
  };
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/** One loaded notebook: its Y.Doc, awareness, connections and write queue. */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Set<Connection>();
  /** Upgrades that wait for this room; it stays loaded while any does. */
  holds = 0;
  loaded: Promise<void> = Promise.resolve();
  /** Set while the room writes out and may unload. */
  unloading: Promise<void> | undefined;
  destroyed = false;
  private readonly queue: WriteQueue<Connection>;
  private readonly versions: AutoVersions;
  /** What the database holds for sure: the state vector of the last durable write (or of the load). */
  durableStateVector: Uint8Array = new Uint8Array([0]);
  private rowsSinceCompaction = 0;
  private readonly unacknowledged = new Set<Connection>();
  private ackTimer: NodeJS.Timeout | undefined;
  /** Counts applied changes, so a connection can tell whether its update changed anything. */
  changes = 0;
  private compacting: Promise<void> | undefined;
  private readonly indexing: IndexScheduler;
  /** Connections with frames queued by {@link broadcast}, in the order they are written. */
  private readonly fanout = new Set<Connection>();
  private fanoutTurn: NodeJS.Immediate | undefined;

  constructor(
    readonly id: string,
    private readonly options: RoomOptions,
  ) {
    const log = options.log.child({ notebookId: id });
    this.awareness.setLocalState(null);
    this.queue = createWriteQueue<Connection>({
      append: (update) => options.store.append(id, update),
      mark: () => Y.encodeStateVector(this.doc),
      onDurable: (writers, stateVector) => this.durable(writers, stateVector),
      delayMs: options.flushDelayMs,
      log,
    });
    this.versions = new AutoVersions({
      ...options.autoVersion,
      take: async (authorId) => {
        await this.queue.drain();
        await options.saveAutoVersion(id, Y.encodeStateAsUpdate(this.doc), authorId).catch((error: unknown) => {
          log.warn({ err: error }, "saving an automatic version failed");
          throw error;
        });
      },
    });
    this.indexing = createIndexScheduler({ notebookId: id, doc: this.doc, indexers: options.indexers ?? [], delayMs: options.indexDelayMs ?? 1_000, log });
    this.doc.on("update", this.onUpdate);
    this.awareness.on("update", this.onAwareness);
  }

  /** Reads the stored state; no client is attached before it resolves. */
  load(): Promise<void> {
    this.loaded = (async () => {
      const updates = await this.options.store.load(this.id);
      this.doc.transact(() => {
        for (const update of updates) Y.applyUpdate(this.doc, update);
      }, STORED);
      this.rowsSinceCompaction = updates.length;
      this.durableStateVector = Y.encodeStateVector(this.doc);
      // What was stored while nobody had the page open (a REST restore) is indexed too.
      this.indexing.touch();
      this.options.relay?.requestSync(this.id, Y.encodeStateVector(this.doc));
    })();
    return this.loaded;
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    this.changes++;
    if (origin === STORED) return;
    this.broadcast(binaryFrame(updateMessage(update)), origin);
    // Stored by whoever sent it (another process, a REST restore).
    if (origin === REMOTE) return void this.indexing.touch();
    const writer = origin instanceof Connection ? origin : null;
    this.queue.push(update, writer);
    this.options.relay?.publishUpdate(this.id, update);
    this.versions.edited(writer?.caller.user.id ?? null);
  };

  private readonly onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    if (origin instanceof Connection) {
      for (const id of added) origin.awarenessIds.add(id);
      for (const id of removed) origin.awarenessIds.delete(id);
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]);
    // Everyone, the sender included: the echo is what keeps an idle client's connection alive.
    this.broadcast(binaryFrame(awarenessMessage(update)), null);
    if (origin !== REMOTE) this.options.relay?.publishAwareness(this.id, update);
  };

  /**
   * Tells the writers of a durable batch what the server has stored (their "saved" signal),
   * each at most once per ACK_INTERVAL_MS: every acknowledgement costs the client a reply,
   * so a fast typist is told a few times a second, and the last word always arrives.
   */
  private durable(writers: ReadonlySet<Connection>, stateVector: Uint8Array): void {
    this.durableStateVector = stateVector;
    for (const conn of writers) this.acknowledgeLater(conn);
    this.indexing.touch();
    this.rowsSinceCompaction++;
    if (this.rowsSinceCompaction >= this.options.compactAfterRows) void this.compact();
  }

  /**
   * Queues a frame for every connection but `except` and writes them out: up to `fanoutChunk`
   * connections at once, the rest a chunk per turn of the event loop. Between turns the server
   * reads what arrived meanwhile: a very large room does not hold up other rooms, and a change
   * arriving during its fan-out joins the frames still queued (one write for both, in order).
   */
  private broadcast(frame: Buffer, except: unknown): void {
    if (!this.fanoutTurn && this.conns.size <= this.options.fanoutChunk) {
      // The common case, and the fast one: nothing is queued and the room fits in one chunk.
      for (const conn of this.conns) if (conn !== except) conn.sendFrame(frame);
      return;
    }
    for (const conn of this.conns) {
      if (conn === except) continue;
      conn.queue(frame);
      this.fanout.add(conn);
    }
    // A fan-out still going on writes this change too, in its next turns.
    if (!this.fanoutTurn) this.fanOut();
  }

  private readonly fanOut = () => {
    this.fanoutTurn = undefined;
    let written = 0;
    for (const conn of this.fanout) {
      this.fanout.delete(conn);
      conn.flush();
      if (++written === this.options.fanoutChunk) break;
    }
    if (this.fanout.size > 0) this.fanoutTurn = setImmediate(this.fanOut);
  };

  /** True when an open connection other than `asking` speaks for awareness client `clientId`. */
  ownedByOther(clientId: number, asking: Connection): boolean {
    for (const conn of this.conns) if (conn !== asking && conn.awarenessIds.has(clientId)) return true;
    return false;
  }

  /**
   * A connection re-sent content the room already has (a reconnect answering our sync step 1
   * with updates we hold but have not stored yet): it hears from the write that stores them,
   * or now when everything is stored.
   */
  acknowledge(conn: Connection): void {
    if (!this.queue.notify(conn)) this.acknowledgeLater(conn);
  }

  private acknowledgeLater(conn: Connection): void {
    if (!this.conns.has(conn)) return;
    const wait = conn.lastAckAt + ACK_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      conn.lastAckAt = Date.now();
      conn.send(stateVectorMessage(this.durableStateVector));
      return;
    }
    this.unacknowledged.add(conn);
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = undefined;
      const due = [...this.unacknowledged];
      this.unacknowledged.clear();
      for (const c of due) this.acknowledgeLater(c);
    }, wait);
  }

  attach(conn: Connection): void {
    this.conns.add(conn);
    conn.greet();
  }

  /** Forgets a closed connection and the awareness it spoke for. */
  detach(conn: Connection): void {
    this.conns.delete(conn);
    this.fanout.delete(conn);
    this.unacknowledged.delete(conn);
    if (conn.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  get idle(): boolean {
    return this.conns.size === 0 && this.holds === 0;
  }

  /** Folds the stored rows (and the live state) into one snapshot; one compaction at a time. */
  compact(): Promise<void> {
    this.compacting ??= (async () => {
      const rows = this.rowsSinceCompaction;
      try {
        await this.options.store.compact(this.id, Y.encodeStateAsUpdate(this.doc));
        this.rowsSinceCompaction = Math.max(0, this.rowsSinceCompaction - rows);
      } catch (error) {
        this.options.log.warn({ err: error, notebookId: this.id }, "compacting a notebook failed; its rows stay");
      }
    })().finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  /** Writes everything out: pending updates, a version if edited, a compaction if worthwhile. */
  async settle(): Promise<void> {
    if (this.destroyed) return;
    await this.queue.drain();
    await this.versions.flush().catch(() => undefined);
    await this.compacting;
    if (this.rowsSinceCompaction >= Math.min(10, this.options.compactAfterRows)) await this.compact();
    await this.indexing.flush();
  }

  /** True while updates wait to be written. */
  get writing(): boolean {
    return this.queue.busy;
  }

  /** Releases the document, its awareness (and its timer), and every timer of the room. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.versions.stop();
    this.indexing.stop();
    if (this.ackTimer) clearTimeout(this.ackTimer);
    if (this.fanoutTurn) clearImmediate(this.fanoutTurn);
    this.fanout.clear();
    this.unacknowledged.clear();
    this.queue.close();
    this.doc.off("update", this.onUpdate);
    this.awareness.off("update", this.onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
