import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Bus } from "@/lib/bus/bus";
import { docBusEvent, type DocBusEvent } from "@/lib/protocol/collab";
import type { Documents } from "./documents";
import { REMOTE, type RoomOptions } from "./room";

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, "base64"));

/**
 * Notebook updates and awareness between server processes, over the bus. Each process
 * applies what the others publish (origin REMOTE: sent to its clients, not stored again) and
 * answers a loading peer's state vector with what it lacks. `publish: false` (one process)
 * only listens: REST restores still reach the loaded documents through the bus.
 */
export function createRelay(bus: Bus, options: { publish: boolean; log: Logger }) {
  const self = randomUUID();
  let documents: Documents | undefined;

  const send = (kind: DocBusEvent["kind"], notebookId: string, bytes: Uint8Array) =>
    bus.publish({ type: "doc", event: { kind, notebookId, from: self, data: toBase64(bytes) } });

  const unsubscribe = bus.subscribe((message) => {
    if (message.type !== "doc") return;
    const parsed = docBusEvent.safeParse(message.event);
    if (!parsed.success) return void options.log.warn({ issues: parsed.error.issues.slice(0, 3) }, "dropped an invalid doc bus message");
    const event = parsed.data;
    if (event.from === self) return;
    const room = documents?.get(event.notebookId);
    if (!room || room.destroyed) return;
    try {
      const data = fromBase64(event.data);
      if (event.kind === "update") Y.applyUpdate(room.doc, data, REMOTE);
      else if (event.kind === "awareness") awarenessProtocol.applyAwarenessUpdate(room.awareness, data, REMOTE);
      else if (options.publish) {
        const missing = Y.encodeStateAsUpdate(room.doc, data);
        send("update", room.id, missing);
        const clients = [...room.awareness.getStates().keys()];
        if (clients.length > 0) send("awareness", room.id, awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients));
      }
    } catch (error) {
      options.log.warn({ err: error, notebookId: event.notebookId, kind: event.kind }, "applying a doc bus message failed");
    }
  });

  const hooks: NonNullable<RoomOptions["relay"]> | undefined = options.publish
    ? {
        publishUpdate: (notebookId, update) => send("update", notebookId, update),
        publishAwareness: (notebookId, update) => send("awareness", notebookId, update),
        requestSync: (notebookId, stateVector) => send("sync", notebookId, stateVector),
      }
    : undefined;

  return {
    /** The hooks rooms call, or undefined when this process is alone. */
    hooks,
    /** Where incoming messages go. */
    attach(target: Documents) {
      documents = target;
    },
    stop: unsubscribe,
  };
}

/** Publishes a stored change (a REST restore) to every process's live copy of the notebook. */
export function publishStoredUpdate(bus: Bus, notebookId: string, update: Uint8Array): void {
  bus.publish({ type: "doc", event: { kind: "update", notebookId, from: "api", data: toBase64(update) } });
}
