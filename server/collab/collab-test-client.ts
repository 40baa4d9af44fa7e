import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { COLLAB_PATH, messageType } from "@/lib/protocol/collab";

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** This client's own clock the server has confirmed as stored (its sync step 1 messages). */
  acked(): number;
  /** This client's own clock (everything it wrote). */
  clock(): number;
  /** Resolves when the provider has synced with the server. */
  synced(): Promise<void>;
  /** Resolves with the next close the server sends. */
  nextClose(): Promise<{ code: number; reason: string }>;
  /** Resolves once the server confirmed everything this client wrote as stored. */
  saved(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

export interface TestClientOptions {
  token?: string;
  cookie?: string;
  origin?: string;
  schema?: number;
  doc?: Y.Doc;
  connect?: boolean;
}

/** The stock `WebsocketProvider` (as a browser or script would use it) against a test server. */
export function connectClient(baseUrl: string, notebookId: string, options: TestClientOptions = {}): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  class HeaderWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const params: Record<string, string> = {};
  if (options.token) params.token = options.token;
  if (options.schema !== undefined) params.schema = String(options.schema);
  const serverUrl = `${baseUrl.replace(/^http/, "ws")}${COLLAB_PATH.replace(/\/$/, "")}`;
  const provider = new WebsocketProvider(serverUrl, notebookId, doc, {
    params,
    WebSocketPolyfill: HeaderWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
  });
  let acked = 0;
  const clock = () => Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
  const watch = () => {
    const ws = provider.ws as unknown as WebSocket | null;
    ws?.addEventListener("message", (event) => {
      const data = new Uint8Array(event.data as ArrayBuffer);
      const decoder = decoding.createDecoder(data);
      if (decoding.readVarUint(decoder) !== messageType.sync || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep1) return;
      const stored = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID) ?? 0;
      acked = Math.max(acked, stored);
    });
  };
  provider.on("status", ({ status }) => {
    if (status === "connecting") watch();
  });
  if (provider.ws) watch();

  return {
    doc,
    provider,
    acked: () => acked,
    clock,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) return resolve();
        const on = (state: boolean) => {
          if (!state) return;
          provider.off("sync", on);
          resolve();
        };
        provider.on("sync", on);
      }),
    nextClose: () =>
      new Promise((resolve) => {
        const on = (event: { code: number; reason: string } | null) => {
          if (!event) return;
          provider.off("connection-close", on);
          resolve({ code: event.code, reason: event.reason });
        };
        provider.on("connection-close", on);
      }),
    async saved(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (acked < clock()) {
        if (Date.now() > deadline) throw new Error(`not saved: acked ${acked} of ${clock()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
