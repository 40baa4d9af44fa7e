import { Redis } from "ioredis";
import { logger } from "@/lib/log";
import type { Bus, BusMessage } from "./bus";

const log = logger("live");
const TYPES = new Set<string>(["points", "run", "comment", "doc"]);

/** The Redis channel every Labbook process publishes to and listens on. */
export const BUS_CHANNEL = "labbook:bus";

function parseMessage(raw: string): BusMessage | undefined {
  try {
    const message = JSON.parse(raw) as unknown;
    // Subscribers validate each event's content; here only the envelope is checked.
    if (typeof message === "object" && message !== null && "type" in message && TYPES.has(String(message.type)) && "event" in message) {
      return message as BusMessage;
    }
  } catch (error) {
    log.warn({ err: error }, "dropped an unreadable bus message");
    return undefined;
  }
  log.warn("dropped a bus message of unknown shape");
  return undefined;
}

/** Quits politely when connected; a client that never connected (or cannot) is just dropped. */
async function closeClient(client: Redis): Promise<void> {
  if (client.status === "ready") {
    try {
      await client.quit();
      return;
    } catch (error) {
      log.warn({ err: error }, "closing a redis bus connection failed");
    }
  }
  client.disconnect();
}

/**
 * The bus over Redis pub/sub, for several server processes: every process, the publisher
 * included, hears each message once, through Redis. Connections open on first use, so a
 * CLI command that never publishes never connects.
 */
export function createRedisBus(url: string, options: { channel?: string } = {}): Bus & { ready(): Promise<void> } {
  const channel = options.channel ?? BUS_CHANNEL;
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on("error", (error: Error) => log.warn({ err: error }, "redis bus connection error"));
  const handlers = new Set<(message: BusMessage) => void>();
  let listening: Promise<unknown> | undefined;
  let closed = false;

  sub.on("message", (from: string, raw: string) => {
    if (from !== channel) return;
    const message = parseMessage(raw);
    if (!message) return;
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        log.error({ err: error, type: message.type }, "bus subscriber failed");
      }
    }
  });

  return {
    publish(message) {
      if (closed) return;
      pub.publish(channel, JSON.stringify(message)).catch((error: unknown) => log.warn({ err: error, type: message.type }, "publishing on the redis bus failed"));
    },
    subscribe(handler) {
      const own = (message: BusMessage) => handler(message);
      handlers.add(own);
      listening ??= sub.subscribe(channel).catch((error: unknown) => {
        listening = undefined;
        log.error({ err: error }, "subscribing to the redis bus failed");
      });
      return () => handlers.delete(own);
    },
    /** Resolves once subscribers listen on Redis (subscribing is asynchronous). */
    async ready() {
      await listening;
    },
    async close() {
      closed = true;
      handlers.clear();
      await Promise.all([pub, sub].map((client) => closeClient(client)));
    },
  };
}
