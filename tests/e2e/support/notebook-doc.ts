import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { EDITOR_SCHEMA_VERSION } from "@/lib/editor/schema-version";
import { e2eUrl } from "./tracking";

/**
 * Opens a notebook's document over the collaboration protocol with the stock y-websocket
 * client, as a script would, and resolves once it has synced with the server. Destroy the
 * provider and the doc when done.
 */
export async function openNotebookDoc(notebookId: string, apiKey: string): Promise<{ provider: WebsocketProvider; doc: Y.Doc }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${e2eUrl().replace(/^http/, "ws")}/ws/yjs`, notebookId, doc, {
    params: { token: apiKey, schema: String(EDITOR_SCHEMA_VERSION) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the notebook did not sync")), 15_000);
      provider.on("sync", (synced: boolean) => {
        if (!synced) return;
        clearTimeout(timer);
        resolve();
      });
    });
  } catch (error) {
    provider.destroy();
    doc.destroy();
    throw error;
  }
  return { provider, doc };
}
