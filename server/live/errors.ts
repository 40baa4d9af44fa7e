import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import type { Ack } from "@/lib/protocol/live";

const log = logger("live");

/** The caller-safe code and message of any error; unexpected ones are logged and hidden. */
export function describeError(error: unknown, context: string): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  log.error({ err: error }, context);
  return { code: "internal", message: "Something went wrong on the server." };
}

/** An acknowledgement carrying the error, in the HTTP API's shape. */
export function errorAck(error: unknown, context: string): Ack {
  return { error: describeError(error, context) };
}

/** An Error for socket.io's `next(err)`: the client's `connect_error` gets the message and `data.code`. */
export function toConnectError(error: unknown, context: string): Error & { data: { code: string } } {
  const { code, message } = describeError(error, context);
  return Object.assign(new Error(message, { cause: error }), { data: { code } });
}
