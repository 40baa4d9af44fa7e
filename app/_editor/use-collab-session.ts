"use client";

import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { EDITOR_SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from "@/lib/editor/schema-version";

/** The y-websocket endpoint; the provider appends `/<notebookId>` (docs/collab.md). */
const COLLAB_ENDPOINT = "/ws/yjs";
/** Close codes 4400–4499 are final refusals; 4426 asks an outdated editor to reload. */
const RELOAD_CODE = 4426;

/** Where the page stands with the server. */
export type ConnectionState =
  /** Never reached the server yet: the page is read-only until the first sync. */
  | { kind: "connecting" }
  /** In sync; local edits are sent as they happen. */
  | { kind: "saved" }
  /** Lost the connection after a sync: edits stay local and are sent on reconnect. */
  | { kind: "offline" }
  /** The server refused the connection for good (access withdrawn, notebook deleted, old editor). */
  | { kind: "refused"; reload: boolean; message: string };

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * One Yjs document and its WebSocket connection for a notebook, created when the component
 * mounts and destroyed when it unmounts (StrictMode mounts twice in development; each mount
 * gets its own pair, the first torn down at once). The browser authenticates with its session
 * cookie; scripts pass `{ token }` instead.
 */
export function useCollabSession(notebookId: string): { session: CollabSession | null; state: ConnectionState; synced: boolean } {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [state, setState] = useState<ConnectionState>({ kind: "connecting" });
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const doc = new Y.Doc();
    const origin = `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}${COLLAB_ENDPOINT}`;
    const provider = new WebsocketProvider(origin, notebookId, doc, {
      params: { [SCHEMA_VERSION_PARAM]: String(EDITOR_SCHEMA_VERSION) },
      // Tabs of one browser must meet through the server too, or a broken server looks fine.
      disableBc: true,
      maxBackoffTime: 10_000,
    });
    let everSynced = false;
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      everSynced = true;
      setSynced(true);
      setState({ kind: "saved" });
    };
    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
      if (status === "disconnected" && everSynced) setState((s) => (s.kind === "refused" ? s : { kind: "offline" }));
    };
    const onClosed = ({ code, reason }: { code: number; reason: string }) => {
      const reload = code === RELOAD_CODE;
      setState({
        kind: "refused",
        reload,
        message: reload ? "Labbook was updated while this page was open. Reload to keep editing." : reason || "The server closed this notebook for you.",
      });
    };
    provider.on("sync", onSync);
    provider.on("status", onStatus);
    provider.on("closed", onClosed);
    setSession({ doc, provider });
    return () => {
      provider.off("sync", onSync);
      provider.off("status", onStatus);
      provider.off("closed", onClosed);
      provider.destroy();
      doc.destroy();
      setSession(null);
      setSynced(false);
      setState({ kind: "connecting" });
    };
  }, [notebookId]);

  return { session, state, synced };
}
