import type { IncomingHttpHeaders } from "node:http";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { forbidden, unauthenticated } from "@/lib/errors";
import type { Services } from "@/lib/runtime";

/** Who opened a WebSocket, and the credential to re-check while it stays open. */
export interface HandshakeCaller {
  user: { id: string; name: string; image: string | null };
  via: { kind: "api_key"; apiKeyId: string } | { kind: "session"; sessionId: string };
}

/** This instance's origin: the configured public URL, else the origin the handshake reached. */
export function handshakeOrigin(services: Services, headers: IncomingHttpHeaders, secure: boolean): string {
  const configured = services.env.LABBOOK_PUBLIC_URL;
  return configured ? new URL(configured).origin : `${secure ? "https" : "http"}://${headers.host ?? ""}`;
}

/**
 * True when a cookie-carrying handshake comes from one of our own pages. A same-origin
 * long-polling GET (socket.io) carries no Origin, but the browser's Sec-Fetch-Site says so.
 */
export function isSameOrigin(services: Services, headers: IncomingHttpHeaders, secure: boolean): boolean {
  if (headers.origin === undefined) return headers["sec-fetch-site"] === "same-origin";
  return headers.origin === handshakeOrigin(services, headers, secure);
}

function toHeaders(source: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return headers;
}

/**
 * Resolves who opens a WebSocket: an API key (`token`), else the session cookie, which only
 * our own origin may use (a browser sends cookies with cross-site handshakes too).
 */
export async function authenticateHandshake(
  services: Services,
  input: { token: string | undefined; headers: IncomingHttpHeaders; secure: boolean },
): Promise<HandshakeCaller> {
  if (input.token !== undefined) {
    const { user, apiKeyId } = await authenticateApiKey(services.database.db, input.token);
    return { user: { id: user.id, name: user.name, image: user.image }, via: { kind: "api_key", apiKeyId } };
  }
  const { headers } = input;
  if (!headers.cookie) throw unauthenticated("Sign in, or connect with an API key as the `token` parameter.");
  if (!isSameOrigin(services, headers, input.secure)) {
    throw forbidden("Cross-origin connection refused: the Origin header must match this Labbook instance.");
  }
  const auth = await services.auth();
  const session = await auth.api.getSession({ headers: toHeaders(headers) });
  if (!session) throw unauthenticated();
  return {
    user: { id: session.user.id, name: session.user.name, image: session.user.image ?? null },
    via: { kind: "session", sessionId: session.session.id },
  };
}
