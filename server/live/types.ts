import type { Namespace, Socket } from "socket.io";
import type { Credential } from "@/lib/collab/credential-live";
import type { ClientToServerEvents, ServerToClientEvents, Watcher } from "@/lib/protocol/live";

/** The person behind a live connection, as watchers lists show them. */
export type LiveUser = Watcher & { image: string | null };

export interface LiveSocketData {
  user: LiveUser;
  /** The credential the connection was opened with, re-checked while it stays open. */
  via: Credential;
}

/** No events between server processes. */
export type InterServerEvents = Record<string, never>;

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveSocketData>;
