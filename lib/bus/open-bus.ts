import type { Env } from "@/lib/env";
import type { Bus } from "./bus";
import { createMemoryBus } from "./memory-bus";

/** The process's bus: in-process by default. */
export function openBus(_env: Pick<Env, "REDIS_URL">): Bus {
  return createMemoryBus();
}
