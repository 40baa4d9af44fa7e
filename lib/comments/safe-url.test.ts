import { describe, expect, it } from "vitest";
import { safeCommentUrl } from "./safe-url";

describe("safeCommentUrl", () => {
  it.each<[string, string]>([
    ["https://wandb.ai/report", "https://wandb.ai/report"],
    ["http://example.com", "http://example.com"],
    ["HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"],
    ["mailto:ada@example.com", "mailto:ada@example.com"],
    ["user:3f1c", "user:3f1c"],
    ["/lab/mnist/runs/b7f2", "/lab/mnist/runs/b7f2"],
    ["#step-120", "#step-120"],
    ["javascript:alert(1)", ""],
    ["JavaScript:alert(1)", ""],
    ["java\tscript:alert(1)", ""],
    [" javascript:alert(1)", ""],
    ["\u0001javascript:alert(1)", ""],
    ["data:text/html,<script>alert(1)</script>", ""],
    ["vbscript:msgbox", ""],
    ["file:///etc/passwd", ""],
    ["//evil.example", ""],
    ["/\\evil.example", ""],
  ])("%j → %j", (url, expected) => {
    expect(safeCommentUrl(url)).toBe(expected);
  });
});
