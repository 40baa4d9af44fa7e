import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";

describe("loadEnv", () => {
  it("applies defaults", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", LABBOOK_OPEN_SIGNUP: false });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.dataDir).toBe(path.resolve(".labbook"));
  });

  it("treats empty strings as unset and parses flags", () => {
    const env = loadEnv({ DATABASE_URL: "", LABBOOK_OPEN_SIGNUP: "true" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.LABBOOK_OPEN_SIGNUP).toBe(true);
  });

  it("names every bad variable at once", () => {
    const attempt = () => loadEnv({ PORT: "http", DATABASE_URL: "mysql://x", LABBOOK_SECRET: "short" });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/PORT[\s\S]*DATABASE_URL: must start with postgres[\s\S]*LABBOOK_SECRET: must be at least 32/);
  });
});
