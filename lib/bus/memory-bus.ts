import { logger } from "@/lib/log";
import type { Bus, BusMessage } from "./bus";

const log = logger("live");

/** The in-process bus: every subscriber hears every message, synchronously, in publish order. */
export function createMemoryBus(): Bus {
  const handlers = new Set<(message: BusMessage) => void>();
  let closed = false;
  return {
    publish(message) {
      if (closed) return;
      for (const handler of handlers) {
        try {
          handler(message);
        } catch (error) {
          // One faulty subscriber must not stop the others nor reach the publisher.
          log.error({ err: error, type: message.type }, "bus subscriber failed");
        }
      }
    },
    subscribe(handler) {
      const own = (message: BusMessage) => handler(message);
      handlers.add(own);
      return () => handlers.delete(own);
    },
    close() {
      closed = true;
      handlers.clear();
      return Promise.resolve();
    },
  };
}
