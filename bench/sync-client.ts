// A process of bench:sync clients: raw y-websocket protocol over `ws`, no provider. Readers
// keep no document; writers keep one Y.Doc and insert text carrying its send time, which
// readers find in the update bytes to time the fan-out.
// Args: <room url> <clients> <writers> <hz>
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

const [url = "", countArg = "25", writersArg = "0", hzArg = "5"] = process.argv.slice(2);
const count = Number(countArg);
const writers = Number(writersArg);
const hz = Number(hzArg);
const now = () => performance.timeOrigin + performance.now();
const MARK = Buffer.from("@@");
const EMPTY_UPDATE = new Uint8Array([0, 0]);

const latencies: number[] = [];
const sockets: WebSocket[] = [];
const docs = new Map<WebSocket, Y.Doc>();

function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Send times (µs since the epoch) written between "@@" marks in an update. */
function marks(update: Buffer): number[] {
  const found: number[] = [];
  for (let at = update.indexOf(MARK); at !== -1; at = update.indexOf(MARK, at + 2)) {
    const end = update.indexOf(MARK, at + 2);
    if (end === -1) break;
    const value = Number(update.subarray(at + 2, end).toString("latin1"));
    if (Number.isFinite(value) && value > 0) found.push(value);
    at = end;
  }
  return found;
}

function connect(writer: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    sockets.push(ws);
    const doc = writer ? new Y.Doc() : undefined;
    if (doc) {
      docs.set(ws, doc);
      doc.on("update", (update: Uint8Array) => ws.send(syncMessage(2, update)));
    }
    let synced = false;
    ws.on("open", () => ws.send(syncMessage(0, new Uint8Array([0]))));
    ws.on("error", reject);
    ws.on("message", (data: Buffer) => {
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) !== 0) return;
      const type = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (type === 0) {
        // The server's state vector: answer with what it lacks, as the stock client does.
        ws.send(syncMessage(1, doc ? Y.encodeStateAsUpdate(doc, payload) : EMPTY_UPDATE));
        return;
      }
      if (type === 1 && !synced) {
        synced = true;
        resolve();
      }
      if (!doc) {
        const t = now();
        for (const sent of marks(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength))) latencies.push(t - sent / 1000);
      }
    });
  });
}

async function main() {
  for (let i = 0; i < count; i++) await connect(i < writers);
  process.send?.({ type: "ready" });
  process.on("message", (message: { type: string; seconds?: number }) => {
    if (message.type === "edit") {
      const until = Date.now() + (message.seconds ?? 10) * 1000;
      for (const doc of docs.values()) {
        const text = doc.getText("t");
        // Spread the writers over the period so their edits do not arrive in bursts.
        setTimeout(function tick() {
          if (Date.now() > until) return;
          text.insert(text.length, `@@${Math.round(now() * 1000)}@@`);
          setTimeout(tick, 1000 / hz);
        }, Math.random() * (1000 / hz));
      }
    } else if (message.type === "reset") {
      // The warm-up is over: what was timed so far does not count.
      latencies.length = 0;
    } else if (message.type === "report") {
      process.send?.({ type: "result", latencies });
      for (const ws of sockets) ws.terminate();
      setTimeout(() => process.exit(0), 100);
    }
  });
}

void main();
