import type { HttpContext } from "./context";

/** This instance's origin: the configured public URL, else the origin the request reached. */
export function publicOrigin(c: HttpContext): string {
  const configured = c.var.services.env.LABBOOK_PUBLIC_URL;
  return configured ? new URL(configured).origin : new URL(c.req.url).origin;
}
