import type { Env } from "@/lib/env";
import type { Bus } from "./bus";
import { createMemoryBus } from "./memory-bus";
import { createRedisBus } from "./redis-bus";

/** The process's bus: Redis pub/sub when `REDIS_URL` is set (several server processes), else in-process. */
export function openBus(env: Pick<Env, "REDIS_URL">): Bus {
  return env.REDIS_URL ? createRedisBus(env.REDIS_URL) : createMemoryBus();
}
