import type { Logger } from "pino";
import { authorizeRun } from "@/lib/access/authorize-run";
import { isCredentialLive } from "@/lib/collab/credential-live";
import { AppError } from "@/lib/errors";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import type { Services } from "@/lib/runtime";
import type { SocketSubscriptions } from "./subscriptions";
import type { LiveNamespace, LiveSocket } from "./types";

/** True when an authorization failed because access is gone (not because the database failed). */
const lostAccess = (error: unknown) => error instanceof AppError && (error.code === "not_found" || error.code === "forbidden");

/**
 * Re-checks every open live connection of this process: a revoked API key or an ended session
 * disconnects it; a run or notebook it may no longer read stops being delivered (the client
 * hears `resync` for the run, and its reload is refused). One pass every `intervalMs`; a
 * failing database skips a pass.
 */
export function startLiveRecheck(
  nsp: LiveNamespace,
  services: Services,
  subscriptionsOf: (socket: LiveSocket) => SocketSubscriptions | undefined,
  options: { intervalMs: number; log: Logger },
) {
  const db = services.database.db;
  let running = false;

  async function recheck(socket: LiveSocket, credentials: Map<string, Promise<boolean>>, access: Map<string, Promise<boolean>>) {
    const { via, user } = socket.data;
    const credentialKey = via.kind === "api_key" ? `k:${via.apiKeyId}` : `s:${via.sessionId}`;
    let live = credentials.get(credentialKey);
    if (!live) credentials.set(credentialKey, (live = isCredentialLive(db, via)));
    if (!(await live)) {
      socket.disconnect(true);
      return;
    }
    const subscriptions = subscriptionsOf(socket);
    if (!subscriptions) return;
    const allowed = (key: string, check: () => Promise<unknown>) => {
      let answer = access.get(key);
      if (!answer) {
        answer = check().then(
          () => true,
          (error: unknown) => {
            if (lostAccess(error)) return false;
            throw error;
          },
        );
        access.set(key, answer);
      }
      return answer;
    };
    await Promise.all([
      ...subscriptions.runs().map(async (runId) => {
        if (await allowed(`${user.id}:run:${runId}`, () => authorizeRun(db, { userId: user.id, runId, min: "viewer" }))) return;
        subscriptions.dropRun(runId);
        socket.emit("resync", { runId });
      }),
      ...subscriptions.notebooks().map(async (notebookId) => {
        if (!(await allowed(`${user.id}:notebook:${notebookId}`, () => authorizeNotebook(db, { userId: user.id, notebookId, min: "viewer" })))) subscriptions.dropNotebook(notebookId);
      }),
    ]);
  }

  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const credentials = new Map<string, Promise<boolean>>();
    const access = new Map<string, Promise<boolean>>();
    const checks = [...nsp.sockets.values()].map((socket) => recheck(socket, credentials, access));
    void Promise.allSettled(checks)
      .then((results) => {
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) options.log.warn({ err: failed.reason as unknown }, "re-checking live access failed; will retry");
      })
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
