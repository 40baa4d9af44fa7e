"use client";
import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE, LIVE_PATH, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/protocol/live";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: LiveSocket | undefined;

/** The page's one connection to the live namespace, opened on first use with the session cookie. */
export function getLiveSocket(): LiveSocket {
  socket ??= io(LIVE_NAMESPACE, { path: LIVE_PATH, transports: ["websocket"], withCredentials: true });
  return socket;
}
