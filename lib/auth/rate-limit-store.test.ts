import { describe, expect, it } from "vitest";
import { createRateLimitStore } from "./rate-limit-store";

describe("createRateLimitStore", () => {
  it("allows max requests per window per key, then tells when to retry", async () => {
    let t = 0;
    const store = createRateLimitStore(() => t);
    const rule = { window: 60, max: 2 };
    expect(await store.consume("a", rule)).toEqual({ allowed: true, retryAfter: null });
    expect(await store.consume("a", rule)).toEqual({ allowed: true, retryAfter: null });
    t = 15_000;
    expect(await store.consume("a", rule)).toEqual({ allowed: false, retryAfter: 45 });
    expect(await store.consume("b", rule)).toEqual({ allowed: true, retryAfter: null });
    t = 60_000;
    expect(await store.consume("a", rule)).toEqual({ allowed: true, retryAfter: null });
  });
});
