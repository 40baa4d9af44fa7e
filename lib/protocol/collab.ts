/**
 * The collaboration protocol: y-websocket (sync + awareness, y-protocols) at
 * `/ws/yjs/<notebookId>`. Shared by the server (server/collab/) and the browser editor.
 * Documented in docs/collab.md.
 */
import { z } from "zod";

export const COLLAB_PATH = "/ws/yjs/";

// The editor owns its schema version and content fragment (lib/editor); one source of truth.
export { EDITOR_FRAGMENT, EDITOR_SCHEMA_VERSION, SCHEMA_VERSION_PARAM } from "@/lib/editor/schema-version";

/** y-websocket message types (first varUint of every frame). */
export const messageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/**
 * Close codes. 4400–4499 tell the stock y-websocket client (3.1+) not to reconnect: the
 * refusal is final until something changes (sign-in, access, a reload). Others are transient.
 */
export const collabCloseCodes = {
  /** Malformed frame, parameter or notebook id. */
  invalid: 4400,
  /** No valid session or API key. */
  unauthenticated: 4401,
  /** Refused for a reason other than identity or existence (cross-origin cookie handshakes get HTTP 403). */
  forbidden: 4403,
  /** Unknown or deleted notebook, or not a member of its workspace. */
  notFound: 4404,
  /** The editor is older than the server's schema: reload the page. */
  reload: 4426,
  /** Far more messages than any editor sends (a flood). */
  rateLimited: 4429,
  /** Frame larger than the cap (set by the WebSocket layer). */
  tooLarge: 1009,
  /** Server restarting or shutting down: reconnect. */
  goingAway: 1001,
  /** The document could not be loaded now (database down): reconnect later. */
  unavailable: 1013,
  internal: 1011,
} as const;

/** The connection's query parameters (`WebsocketProvider`'s `params`). */
export const collabParams = z.object({
  /** An API key; browsers use their session cookie instead. */
  token: z.string().min(1, "must not be empty").max(512, "is too long").optional(),
  /** The editor's schema version (`SCHEMA_VERSION_PARAM`); scripts that do not render the editor send none. */
  schema: z.coerce.number("must be a number").int("must be an integer").min(0, "must not be negative").optional(),
});
export type CollabParams = z.infer<typeof collabParams>;

/**
 * What server processes tell each other about a notebook over the bus (Redis when scaled out):
 * a document update, an awareness update, or "send me what I lack" (`sync`, a state vector).
 * Binary payloads travel as base64. `from` names the sending process, which ignores its own.
 */
export const docBusEvent = z.object({
  kind: z.enum(["update", "awareness", "sync"]),
  notebookId: z.uuid(),
  from: z.string().min(1).max(64),
  data: z.base64(),
});
export type DocBusEvent = z.infer<typeof docBusEvent>;
