import pino, { type Logger } from "pino";

/** The closed set of log categories; every log line carries one. */
export type LogCategory = "server" | "http" | "db" | "auth" | "cli" | "live" | "collab";

const root: Logger = pino(
  { level: process.env.LOG_LEVEL ?? "info", base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
  pino.destination(process.env.LABBOOK_LOG_TO_STDERR === "1" ? 2 : 1),
);

/** A child logger for one category. */
export function logger(category: LogCategory): Logger {
  return root.child({ category });
}
