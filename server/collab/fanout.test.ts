import net from "node:net";
import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { COLLAB_PATH, messageType } from "@/lib/protocol/collab";
import { startCollabHarness, type CollabHarness } from "./collab-harness";

/** A small chunk, so that a room of a few dozen readers spans several turns. */
const CHUNK = 16;
const READERS = 3 * CHUNK + 2;

/** A raw y-websocket client: the texts of the updates it received, in order, and its TCP socket. */
interface RawClient {
  ws: WebSocket;
  socket: net.Socket;
  texts: string[];
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The text an update inserts (each test update inserts one marker into a Y.Text). */
function insertedText(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText("t").toJSON();
}

describe("fan-out", () => {
  let h: CollabHarness;
  /** Every write the server makes, with the turn of the event loop it happened in. */
  const writes: { socket: Duplex; bytes: Buffer; turn: number }[] = [];
  let turn = 0;
  let ticking: NodeJS.Immediate | undefined;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    h = await startCollabHarness({
      fanoutChunk: CHUNK,
      observeSocket(socket) {
        const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
        socket.write = ((chunk: Buffer) => {
          writes.push({ socket, bytes: Buffer.from(chunk), turn });
          return write(chunk);
        }) as typeof socket.write;
      },
    });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.ws.terminate();
    if (ticking) clearImmediate(ticking);
    writes.length = 0;
  });
  afterAll(async () => h?.close());

  /** Counts turns of the event loop: one increment per check phase, like the room's fan-out. */
  function countTurns() {
    const tick = () => {
      turn++;
      ticking = setImmediate(tick);
    };
    ticking = setImmediate(tick);
  }

  async function connect(notebookId: string): Promise<RawClient> {
    let socket: net.Socket | undefined;
    const ws = new WebSocket(`${h.url.replace("http", "ws")}${COLLAB_PATH}${notebookId}?token=${h.key}`, {
      perMessageDeflate: false,
      createConnection: ((options: net.NetConnectOpts) => (socket = net.connect(options))) as typeof net.createConnection,
    });
    const client: RawClient = { ws, socket: undefined as unknown as net.Socket, texts: [] };
    const greeted = new Promise<void>((resolve, reject) => {
      ws.once("error", reject);
      ws.on("message", (data: Buffer) => {
        const decoder = decoding.createDecoder(data);
        if (decoding.readVarUint(decoder) !== messageType.sync) return;
        const type = decoding.readVarUint(decoder);
        if (type === syncProtocol.messageYjsSyncStep1) resolve();
        if (type === syncProtocol.messageYjsUpdate) client.texts.push(insertedText(decoding.readVarUint8Array(decoder)));
      });
    });
    await greeted;
    client.socket = socket!;
    clients.push(client);
    return client;
  }

  /** Updates that each insert `text` at the start of a fresh Y.Text (distinct client ids). */
  const edit = (text: string) => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, text);
    return updateMessage(Y.encodeStateAsUpdate(doc));
  };

  const framesContaining = (text: string) => writes.filter((w) => w.bytes.includes(Buffer.from(text)));

  it("writes a change to a room larger than a chunk a chunk per turn of the event loop; every reader gets it", async () => {
    const id = await h.notebook();
    const writer = await connect(id);
    const readers = await Promise.all(Array.from({ length: READERS }, () => connect(id)));
    countTurns();
    writer.ws.send(edit("alpha"));
    await expect.poll(() => readers.every((r) => r.texts.includes("alpha"))).toBe(true);

    const carrying = framesContaining("alpha");
    expect(carrying).toHaveLength(READERS);
    // The other rooms of the process (and this room's next change) get turns in between.
    expect(new Set(carrying.map((w) => w.turn)).size).toBe(Math.ceil(READERS / CHUNK));
    expect(writer.texts).toEqual([]);
  });

  it("a change arriving during a fan-out joins the frames still queued: one write for both, in order", async () => {
    const id = await h.notebook();
    const writer = await connect(id);
    const readers = await Promise.all(Array.from({ length: READERS }, () => connect(id)));
    // Both frames reach the server in one TCP segment, so it reads the second while the
    // first is still being written out.
    writer.socket.cork();
    writer.ws.send(edit("first"));
    writer.ws.send(edit("second"));
    writer.socket.uncork();
    await expect.poll(() => readers.every((r) => r.texts.length === 2)).toBe(true);

    for (const reader of readers) expect(reader.texts).toEqual(["first", "second"]);
    const first = framesContaining("first");
    expect(first).toHaveLength(READERS);
    // The first chunk was written before the second change arrived; everyone else got both at once.
    expect(first.filter((w) => w.bytes.includes(Buffer.from("second")))).toHaveLength(READERS - CHUNK);
    expect(framesContaining("second")).toHaveLength(READERS);
  });
});
