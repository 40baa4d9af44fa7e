import { Hono } from "hono";
import { z } from "zod";
import { createApiKey, createApiKeyInput } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";
import { parseOrThrow, readJson } from "../validate";

/** The caller's own API keys; a key acts with its user's roles everywhere. */
export const apiKeyRoutes = new Hono<HttpEnv>()
  .get("/api-keys", async (c) => {
    const caller = await requireCaller(c);
    return c.json({ apiKeys: await listApiKeys(c.var.services.database.db, caller.user.id) });
  })
  .post("/api-keys", async (c) => {
    const caller = await requireCaller(c);
    const input = await readJson(c, createApiKeyInput);
    const { apiKey, key } = await createApiKey(c.var.services.database.db, { userId: caller.user.id, name: input.name });
    return c.json({ id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, createdAt: apiKey.createdAt, key }, 201);
  })
  .delete("/api-keys/:id", async (c) => {
    const caller = await requireCaller(c);
    const id = parseOrThrow(z.uuid("must be an API key id"), c.req.param("id"), "Invalid path", "id");
    await revokeApiKey(c.var.services.database.db, { userId: caller.user.id, apiKeyId: id });
    return c.body(null, 204);
  });
