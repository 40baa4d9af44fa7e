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

  /** The user's role on a notebook; null when none is left, or the notebook was deleted. */
  const currentRole = (userId: string, notebookId: string) =>
    authorizeNotebook(db, { userId, notebookId, min: "viewer" }).then(
      (access): Role | null => access.role,
      (error: unknown) => {
        if (error instanceof AppError && error.code === "not_found") return null;
        throw error;
      },
    );

  /**
   * One pass: each distinct credential and (user, notebook) is looked up once, however many
   * connections share it, and the answers are applied to the connections open by then.
   */
  async function pass(): Promise<void> {
    const byCredential = new Map<string, { via: Connection["caller"]["via"]; conns: Connection[] }>();
    const byRole = new Map<string, { userId: string; notebookId: string; conns: Connection[] }>();
    for (const room of documents.rooms()) {
      for (const conn of room.conns) {
        const { via, user } = conn.caller;
        const credentialKey = via.kind === "api_key" ? `k:${via.apiKeyId}` : `s:${via.sessionId}`;
        let credential = byCredential.get(credentialKey);
        if (!credential) byCredential.set(credentialKey, (credential = { via, conns: [] }));
        credential.conns.push(conn);
        const roleKey = `${user.id}:${room.id}`;
        let role = byRole.get(roleKey);
        if (!role) byRole.set(roleKey, (role = { userId: user.id, notebookId: room.id, conns: [] }));
        role.conns.push(conn);
      }
    }
    const [live, roles] = await Promise.all([
      Promise.all([...byCredential.values()].map(async (c) => ({ ...c, live: await isCredentialLive(db, c.via) }))),
      Promise.all([...byRole.values()].map(async (r) => ({ ...r, role: await currentRole(r.userId, r.notebookId) }))),
    ]);
    for (const { via, conns, live: isLive } of live) {
      if (isLive) continue;
      for (const conn of conns) conn.close(collabCloseCodes.unauthenticated, via.kind === "api_key" ? "API key revoked" : "session ended");
    }
    for (const { conns, role } of roles) {
      for (const conn of conns) {
        if (role === null) conn.close(collabCloseCodes.notFound, "access removed, or the notebook was deleted");
        else conn.readOnly = !hasRole(role, "editor");
      }
    }
  }

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass()
      .catch((error: unknown) => options.log.warn({ err: error }, "re-checking notebook access failed; will retry"))
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
