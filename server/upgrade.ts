import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

/** Writes a plain HTTP refusal on an upgrade socket and closes it. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

/**
 * The process's one upgrade router: dispatch by path prefix, hand Next its own upgrades
 * (dev HMR under /_next/), refuse the rest. No other 'upgrade' listener is attached.
 */
export function createUpgradeRouter(routes: ReadonlyArray<readonly [prefix: string, UpgradeHandler]>, next?: UpgradeHandler): UpgradeHandler {
  return async (req, socket, head) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find(([prefix]) => pathname.startsWith(prefix));
    try {
      if (route) await route[1](req, socket, head);
      else if (next && pathname.startsWith("/_next/")) await next(req, socket, head);
      else refuseUpgrade(socket, 404, "Not Found");
    } catch {
      refuseUpgrade(socket, 500, "Internal Server Error");
    }
  };
}

/** Stands in for a WebSocket endpoint that a later part of Labbook serves. */
export const notYetServed: UpgradeHandler = (_req, socket) => refuseUpgrade(socket, 501, "Not Implemented");
