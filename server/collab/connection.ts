import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { collabCloseCodes, messageType } from "@/lib/protocol/collab";
import type { HandshakeCaller } from "../http/authenticate-handshake";
import { stampAwarenessUpdate } from "./awareness-identity";
import { binaryFrame } from "./frame";
import { fullAwarenessMessage, permissionDeniedMessage, stateVectorMessage, syncStep2Message } from "./messages";
import type { Room } from "./room";

/** A peer whose outgoing buffer exceeds this is too slow to follow the document: it is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/**
 * Message budget per connection (a token bucket): bursts of 1,000 messages, 200 a second
 * sustained — far above typing, presence and reconnects. A sync step 1 costs 20: answering it
 * encodes the whole document.
 */
const BUDGET = { burst: 1_000, perSecond: 200, syncStep1: 20 };

/** Thrown when a connection exceeds its message budget. */
export class FloodError extends Error {
  override readonly name = "FloodError";
}

/** One WebSocket on one notebook. */
export class Connection {
  /** Awareness client ids this connection speaks for (removed when it closes). */
  readonly awarenessIds = new Set<number>();
  /** Answered the last ping. */
  alive = true;
  /** When this connection was last told what is stored (Room.acknowledgeLater). */
  lastAckAt = 0;
  private denied = false;
  /** Frames waiting for the room's fan-out, in order. */
  private readonly outbox: Buffer[] = [];
  private tokens = BUDGET.burst;
  private refilledAt = Date.now();

  constructor(
    readonly ws: WebSocket,
    /** The upgraded socket under `ws`: framed messages are written to it directly (see {@link flush}). */
    private readonly socket: Duplex,
    readonly room: Room,
    readonly caller: HandshakeCaller,
    /** Commenters and viewers: their document updates are dropped. */
    public readOnly: boolean,
  ) {}

  /** Sends one message now, after whatever broadcast frames are still queued for this connection. */
  send(message: Uint8Array): void {
    this.sendFrame(binaryFrame(message));
  }

  /** Writes a frame (see {@link binaryFrame}) now, after whatever is still queued. */
  sendFrame(frame: Buffer): void {
    this.outbox.push(frame);
    this.flush();
  }

  /** Queues a broadcast frame (see {@link binaryFrame}); the room's fan-out {@link flush}es it. */
  queue(frame: Buffer): void {
    this.outbox.push(frame);
  }

  /**
   * Writes every queued frame to the socket, in one write. Safe next to ws's own writes:
   * without compression ws writes every frame at once, so frames never interleave, and nothing
   * is written once ws starts closing.
   */
  flush(): void {
    if (this.outbox.length === 0) return;
    const frames = this.outbox.length === 1 ? this.outbox[0]! : Buffer.concat(this.outbox);
    this.outbox.length = 0;
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.socket.writableLength > MAX_BUFFERED_BYTES) {
      this.close(collabCloseCodes.unavailable, "too slow to keep up; reconnect");
      return;
    }
    this.socket.write(frames);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }

  /**
   * Greets a new connection: the stored state vector (sync step 1; the client answers with
   * what the server has not stored, so a sync step 1 always means "stored") and awareness.
   */
  greet(): void {
    this.send(stateVectorMessage(this.room.durableStateVector));
    const awareness = fullAwarenessMessage(this.room.awareness);
    if (awareness) this.send(awareness);
  }

  /** Handles one frame; a malformed one closes the connection (and only it). */
  receive(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    this.spend(type === messageType.sync && data[1] === syncProtocol.messageYjsSyncStep1 ? BUDGET.syncStep1 : 1);
    switch (type) {
      case messageType.sync: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          this.send(syncStep2Message(this.room.doc, decoding.readVarUint8Array(decoder)));
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          // An empty update ([0, 0]) answers our sync step 1 when the client has nothing new.
          const empty = update.byteLength <= 2;
          if (empty) return;
          if (this.readOnly) return this.deny();
          const before = this.room.changes;
          Y.applyUpdate(this.room.doc, update, this);
          if (this.room.changes === before) this.room.acknowledge(this);
        } else {
          throw new Error(`unknown sync message type ${syncType}`);
        }
        return;
      }
      case messageType.awareness: {
        const { user } = this.caller;
        const stamped = stampAwarenessUpdate(decoding.readVarUint8Array(decoder), user, (clientId) => this.room.ownedByOther(clientId, this));
        if (stamped) awarenessProtocol.applyAwarenessUpdate(this.room.awareness, stamped, this);
        return;
      }
      case messageType.queryAwareness: {
        const awareness = fullAwarenessMessage(this.room.awareness);
        if (awareness) this.send(awareness);
        return;
      }
      case messageType.auth:
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private spend(cost: number): void {
    const now = Date.now();
    this.tokens = Math.min(BUDGET.burst, this.tokens + ((now - this.refilledAt) / 1000) * BUDGET.perSecond);
    this.refilledAt = now;
    this.tokens -= cost;
    if (this.tokens < 0) throw new FloodError("message budget exceeded");
  }

  /** Tells a read-only client once that its edits are not kept. */
  private deny(): void {
    if (this.denied) return;
    this.denied = true;
    this.send(permissionDeniedMessage("read-only: your role may view and comment; document edits are not saved"));
  }
}
