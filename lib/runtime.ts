import type { Auth } from "@/lib/auth/auth";
import type { Bus } from "@/lib/bus/bus";
import type { Database } from "@/lib/db/client";
import type { Env } from "@/lib/env";

/** Process-wide resources, created once at boot by the server. */
export interface Services {
  readonly env: Env;
  readonly database: Database;
  /** better-auth, loaded on first use: importing it costs over a second of start-up. */
  auth(): Promise<Auth>;
  readonly version: string;
  /** Tells the live server (and other processes, with Redis) what was committed. */
  readonly bus: Bus;
}

// Next bundles its own copy of lib/, so the one instance lives on globalThis under a symbol.
const KEY = Symbol.for("labbook.services");
type Holder = { [KEY]?: Services };

/** Publishes the services for this process (server boot only). */
export function setServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

/** The services of this process; throws when the server has not booted them. */
export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) throw new Error("Labbook services are not initialised: start Labbook through its server (npm start).");
  return services;
}
