/** Where the client's warnings go; a library must let its host decide. */
export interface Logger {
  warn(message: string): void;
  /** Detail that is rarely interesting (a failed heartbeat); dropped when absent. */
  debug?(message: string): void;
}

/** `console.warn`, read at call time so a host that replaces it is obeyed. */
export const consoleLogger: Logger = {
  warn: (message) => console.warn(message),
};

/** Prefixes every message with `labbook: `. */
export function prefixed(logger: Logger): Required<Logger> {
  return {
    warn: (message) => safely(() => logger.warn(`labbook: ${message}`)),
    debug: (message) => safely(() => logger.debug?.(`labbook: ${message}`)),
  };
}

/** A throwing logger must not break logging. */
function safely(write: () => void): void {
  try {
    write();
  } catch {
    // Nowhere left to report it.
  }
}

/** An error's message with its cause (fetch hides the useful part, e.g. ECONNREFUSED, there). */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === "string" ? `${code}: ` : ""}${cause.message})`;
  }
  return error.message;
}
