/**
 * One `beforeExit` and one `exit` listener for all live runs, installed while any run is
 * live. No signal handlers: a library must not change what SIGINT or SIGTERM do (see
 * `handleSignals` for the opt-in).
 */

/** What a live run does when the process ends. */
export interface ExitParticipant {
  /** The event loop emptied without `finish()`: finish now (the work keeps the process alive). */
  beforeExit(): void;
  /** The process is exiting (`process.exit()`, an uncaught error): save what is in memory, synchronously. */
  exit(code: number): void;
}

const live = new Set<ExitParticipant>();

function onBeforeExit(): void {
  for (const participant of [...live]) participant.beforeExit();
}

function onExit(code: number): void {
  for (const participant of [...live]) participant.exit(code);
}

/** Registers a run until the returned function is called. */
export function trackForExit(participant: ExitParticipant): () => void {
  if (live.size === 0) {
    process.on("beforeExit", onBeforeExit);
    process.on("exit", onExit);
  }
  live.add(participant);
  return () => {
    if (!live.delete(participant) || live.size > 0) return;
    process.off("beforeExit", onBeforeExit);
    process.off("exit", onExit);
  };
}

/** The status a run ends with when the process ends without `finish()`. */
export function exitStatus(code: number | string | null | undefined): "finished" | "failed" {
  return code === undefined || code === null || Number(code) === 0 ? "finished" : "failed";
}
