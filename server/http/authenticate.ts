import { unauthenticated, forbidden } from "@/lib/errors";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import type { Caller, HttpContext } from "./context";
import { publicOrigin } from "./origin";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the caller from `Authorization: Bearer <api key>` or the session cookie.
 * Cookie-authenticated writes must come from our own origin (CSRF).
 */
export async function requireCaller(c: HttpContext): Promise<Caller> {
  const cached = c.var.caller;
  if (cached) return cached;
  const { database } = c.var.services;
  const header = c.req.header("authorization");
  let caller: Caller;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthenticated("Malformed Authorization header; send `Authorization: Bearer <api key>`.");
    const { user } = await authenticateApiKey(database.db, match[1]);
    caller = { user: { id: user.id, name: user.name, email: user.email }, via: "api_key" };
  } else {
    const auth = await c.var.services.auth();
    const session = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!session) throw unauthenticated();
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (origin !== publicOrigin(c)) {
        throw forbidden("Cross-origin request refused: the Origin header must match this Labbook instance.");
      }
    }
    caller = { user: { id: session.user.id, name: session.user.name, email: session.user.email }, via: "session" };
  }
  c.set("caller", caller);
  return caller;
}
