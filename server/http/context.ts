import type { Context } from "hono";
import type { Services } from "@/lib/runtime";

/** Who is calling, and how they proved it. */
export interface Caller {
  user: { id: string; name: string; email: string };
  via: "session" | "api_key";
}

export interface HttpEnv {
  Variables: {
    services: Services;
    caller: Caller | undefined;
  };
}

export type HttpContext = Context<HttpEnv>;
