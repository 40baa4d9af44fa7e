import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE, LIVE_PATH, type Ack, type ClientToServerEvents, type PointsEvent, type ServerToClientEvents } from "@/lib/protocol/live";
import type { TestServer } from "@/tests/support/server";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  token?: string;
  cookie?: string;
  origin?: string;
  namespace?: string;
  transport?: "websocket" | "polling";
  headers?: Record<string, string>;
}

/** A real socket.io client for tests; rejects with the server's `connect_error`. */
export function connectLive(t: TestServer, options: ConnectOptions = {}): Promise<TestSocket> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const socket: TestSocket = io(`${t.url}${options.namespace ?? LIVE_NAMESPACE}`, {
    path: LIVE_PATH,
    transports: [options.transport ?? "websocket"],
    auth: options.token ? { token: options.token } : {},
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error: Error & { data?: unknown }) => {
      socket.close();
      reject(error);
    });
  });
}

/** The `connect_error` a refused connection gets: its message and `data.code`. */
export async function refusal(attempt: Promise<TestSocket>): Promise<{ message: string; code: unknown }> {
  try {
    const socket = await attempt;
    socket.close();
    return { message: "connected", code: null };
  } catch (error) {
    const e = error as Error & { data?: { code?: unknown } };
    return { message: e.message, code: e.data?.code };
  }
}

/** Sends `subscribe` and resolves with the acknowledgement. */
export function subscribe(socket: TestSocket, payload: unknown): Promise<Ack> {
  return (socket.timeout(5_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack> }).emitWithAck("subscribe", payload);
}

/** Sends `unsubscribe` and resolves with the acknowledgement. */
export function unsubscribe(socket: TestSocket, payload: unknown): Promise<Ack> {
  return (socket.timeout(5_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack> }).emitWithAck("unsubscribe", payload);
}

/** Sends any client event with an acknowledgement (e.g. `subscribeNotebook`) and resolves with the answer. */
export function emitAck(socket: TestSocket, event: string, payload: unknown): Promise<Ack> {
  return (socket.timeout(5_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack> }).emitWithAck(event, payload);
}

/** Every point a socket hears, per `runId/key`, in arrival order. */
export function recordPoints(socket: TestSocket): Map<string, { steps: number[]; values: PointsEvent["values"] }> {
  const heard = new Map<string, { steps: number[]; values: PointsEvent["values"] }>();
  socket.on("points", (event) => {
    const id = `${event.runId}/${event.key}`;
    const series = heard.get(id) ?? { steps: [], values: [] };
    series.steps.push(...event.steps);
    series.values.push(...event.values);
    heard.set(id, series);
  });
  return heard;
}

/** Resolves once `check` holds, polling; fails after `ms`. */
export async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the next event of that name. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E, ms = 5_000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event in ${ms} ms`)), ms);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    (socket as unknown as { once(e: string, l: (p: unknown) => void): void }).once(event, listener as (p: unknown) => void);
  });
}
