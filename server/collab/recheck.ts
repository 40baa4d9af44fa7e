import type { Logger } from "pino";
import { hasRole, type Role } from "@/lib/access/roles";
import { isCredentialLive } from "@/lib/collab/credential-live";
import { AppError } from "@/lib/errors";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import { collabCloseCodes } from "@/lib/protocol/collab";
import type { Services } from "@/lib/runtime";
import type { Connection } from "./connection";
import type { Documents } from "./documents";

/**
 * Re-checks every open connection's credential and role: a revoked key or ended session
 * closes it, lost access (or a deleted notebook) closes it, a role change switches it between
 * read-only and read-write. One pass every `intervalMs`; a failing database skips a pass.
 */
export function startAccessRecheck(services: Services, documents: Documents, options: { intervalMs: number; log: Logger }) {
  const db = services.database.db;
  let running = false;

  async function recheck(conn: Connection, credentials: Map<string, Promise<boolean>>, roles: Map<string, Promise<Role | null>>) {
    const { via, user } = conn.caller;
    const credentialKey = via.kind === "api_key" ? `k:${via.apiKeyId}` : `s:${via.sessionId}`;
    let live = credentials.get(credentialKey);
    if (!live) credentials.set(credentialKey, (live = isCredentialLive(db, via)));
    if (!(await live)) return conn.close(collabCloseCodes.unauthenticated, via.kind === "api_key" ? "API key revoked" : "session ended");
    const roleKey = `${user.id}:${conn.room.id}`;
    let role = roles.get(roleKey);
    if (!role) {
      role = authorizeNotebook(db, { userId: user.id, notebookId: conn.room.id, min: "viewer" }).then(
        (access) => access.role,
        (error: unknown) => {
          if (error instanceof AppError && error.code === "not_found") return null;
          throw error;
        },
      );
      roles.set(roleKey, role);
    }
    const current = await role;
    if (current === null) return conn.close(collabCloseCodes.notFound, "access removed, or the notebook was deleted");
    conn.readOnly = !hasRole(current, "editor");
  }

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const credentials = new Map<string, Promise<boolean>>();
    const roles = new Map<string, Promise<Role | null>>();
    const checks = [...documents.rooms()].flatMap((room) => [...room.conns].map((conn) => recheck(conn, credentials, roles)));
    void Promise.allSettled(checks)
      .then((results) => {
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) options.log.warn({ err: failed.reason as unknown }, "re-checking notebook access failed; will retry");
      })
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
