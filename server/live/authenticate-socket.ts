import { z } from "zod";
import { invalid } from "@/lib/errors";
import type { Services } from "@/lib/runtime";
import { authenticateHandshake, type HandshakeCaller } from "../http/authenticate-handshake";
import { toConnectError } from "./errors";
import type { LiveSocket } from "./types";

const handshakeAuth = z.object({ token: z.string().min(1, "must be an API key").max(512, "is too long").optional() }, "must be an object");

/** Resolves who is connecting: `auth: { token: <api key> }`, else the session cookie from our own origin. */
export async function authenticateSocket(services: Services, socket: LiveSocket): Promise<HandshakeCaller> {
  const parsed = handshakeAuth.safeParse(socket.handshake.auth);
  if (!parsed.success) throw invalid(`auth.token ${parsed.error.issues[0]?.message ?? "is invalid"}.`);
  const { headers, secure } = socket.handshake;
  return authenticateHandshake(services, { token: parsed.data.token, headers, secure });
}

/** socket.io middleware: refuses the connection with `connect_error` (`err.data.code`) unless authenticated. */
export function authenticationMiddleware(services: Services) {
  return (socket: LiveSocket, next: (err?: Error) => void) => {
    authenticateSocket(services, socket).then(
      (caller) => {
        socket.data.user = caller.user;
        socket.data.via = caller.via;
        next();
      },
      (error: unknown) => next(toConnectError(error, "live connection refused")),
    );
  };
}
