import { createHash, randomBytes } from "node:crypto";

/** A new random secret with a readable prefix, e.g. `lbk_…`. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/** SHA-256 of a high-entropy secret (a slow hash buys nothing for 256 random bits). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
