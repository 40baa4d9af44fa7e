import { describe, expect, it } from "vitest";
import { slugify, workspaceSlug } from "./slug";

describe("slugify", () => {
  it.each([
    ["Vision Lab", "vision-lab"],
    ["  My  Project!! ", "my-project"],
    ["Crème brûlée", "creme-brulee"],
    ["GPT-4 fine-tunes", "gpt-4-fine-tunes"],
    ["!!!", "workspace"],
    ["a".repeat(60), "a".repeat(48)],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(workspaceSlug.safeParse(slug).success).toBe(true);
  });
});

describe("workspaceSlug", () => {
  it.each(["api", "settings", "ws", "sign-in"])("refuses the reserved %j", (s) => {
    expect(workspaceSlug.safeParse(s).success).toBe(false);
  });
  it.each(["UPPER", "double--dash", "-edge", "sp ace", ""])("refuses the malformed %j", (s) => {
    expect(workspaceSlug.safeParse(s).success).toBe(false);
  });
});
