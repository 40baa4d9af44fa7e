import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { forbidden, invalid, unauthenticated } from "@/lib/errors";
import type { Services } from "@/lib/runtime";
import type { LiveSocket, LiveUser } from "./types";
import { toConnectError } from "./errors";

const handshakeAuth = z.object({ token: z.string().min(1, "must be an API key").max(512, "is too long").optional() }, "must be an object");

/** This instance's origin: the configured public URL, else the origin the handshake reached. */
function expectedOrigin(services: Services, headers: IncomingHttpHeaders, secure: boolean): string {
  const configured = services.env.LABBOOK_PUBLIC_URL;
  return configured ? new URL(configured).origin : `${secure ? "https" : "http"}://${headers.host ?? ""}`;
}

function toHeaders(source: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/** Resolves who is connecting: `auth: { token: <api key> }`, else the session cookie from our own origin. */
export async function authenticateSocket(services: Services, socket: LiveSocket): Promise<LiveUser> {
  const parsed = handshakeAuth.safeParse(socket.handshake.auth);
  if (!parsed.success) throw invalid(`auth.token ${parsed.error.issues[0]?.message ?? "is invalid"}.`);
  const { token } = parsed.data;
  if (token !== undefined) {
    const { user } = await authenticateApiKey(services.database.db, token);
    return { id: user.id, name: user.name, image: user.image };
  }
  const { headers, secure } = socket.handshake;
  if (!headers.cookie) throw unauthenticated("Sign in, or connect with `auth: { token: <api key> }`.");
  // A browser sends cookies with cross-site WebSocket handshakes too: only our own pages may
  // use them. A same-origin long-polling GET carries no Origin, but Sec-Fetch-Site says so.
  const sameOrigin = headers.origin === undefined ? headers["sec-fetch-site"] === "same-origin" : headers.origin === expectedOrigin(services, headers, secure);
  if (!sameOrigin) {
    throw forbidden("Cross-origin connection refused: the Origin header must match this Labbook instance.");
  }
  const auth = await services.auth();
  const session = await auth.api.getSession({ headers: toHeaders(headers) });
  if (!session) throw unauthenticated();
  return { id: session.user.id, name: session.user.name, image: session.user.image ?? null };
}

/** socket.io middleware: refuses the connection with `connect_error` (`err.data.code`) unless authenticated. */
export function authenticationMiddleware(services: Services) {
  return (socket: LiveSocket, next: (err?: Error) => void) => {
    authenticateSocket(services, socket).then(
      (user) => {
        socket.data.user = user;
        next();
      },
      (error: unknown) => next(toConnectError(error, "live connection refused")),
    );
  };
}
