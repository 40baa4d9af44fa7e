import type { TagParseRule } from "@tiptap/pm/model";
import { describe, expect, it } from "vitest";
import { editorSchema } from "./schema";
import { sanitizeHref, sanitizeImageSrc } from "./safe-url";

const links: [string, string | null][] = [
  ["https://example.com/a?b=c#d", "https://example.com/a?b=c#d"],
  ["http://example.com", "http://example.com"],
  ["HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"],
  ["mailto:ada@example.com", "mailto:ada@example.com"],
  ["tel:+4412345", "tel:+4412345"],
  ["/acme/vision/runs/b7f2", "/acme/vision/runs/b7f2"],
  ["#results", "#results"],
  ["?tab=notebooks", "?tab=notebooks"],
  ["runs/b7f2", "runs/b7f2"],
  ["//cdn.example.com/x", "//cdn.example.com/x"],
  ["example.com/path:with-colon", "example.com/path:with-colon"],
  ["  https://example.com  ", "https://example.com"],
  ["javascript:alert(1)", null],
  ["JavaScript:alert(1)", null],
  ["java\tscript:alert(1)", null],
  ["java\nscript:alert(1)", null],
  ["\u0001javascript:alert(1)", null],
  [" \u0000javascript:alert(1)", null],
  ["\u200bjavascript:alert(1)", null],
  ["javascript\u0000:alert(1)", null],
  ["vbscript:msgbox(1)", null],
  ["data:text/html;base64,PHNjcmlwdD4=", null],
  ["file:///etc/passwd", null],
  ["blob:https://example.com/uuid", null],
  ["ftp://example.com", null],
  ["1javascript:alert(1)", null],
  ["", null],
  ["   ", null],
  ["x".repeat(3000), null],
];

describe("sanitizeHref", () => {
  it.each(links)("%j → %j", (input, expected) => {
    expect(sanitizeHref(input)).toBe(expected);
  });

  it("refuses non-strings", () => {
    expect(sanitizeHref(undefined)).toBeNull();
    expect(sanitizeHref(42)).toBeNull();
  });
});

const images: [string, string | null][] = [
  ["/api/v1/images/0b7c6e1e-4a42-4f49-9a3c-2f6f1b0b6a11", "/api/v1/images/0b7c6e1e-4a42-4f49-9a3c-2f6f1b0b6a11"],
  ["https://example.com/plot.png", "https://example.com/plot.png"],
  ["data:image/png;base64,iVBORw0KGgo=", null],
  ["javascript:alert(1)", null],
  ["/etc/passwd", null],
  ["mailto:x@example.com", null],
];

describe("sanitizeImageSrc", () => {
  it.each(images)("%j → %j", (input, expected) => {
    expect(sanitizeImageSrc(input)).toBe(expected);
  });
});

/** The smallest stand-in for a DOM element that parse rules read attributes from. */
const element = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as unknown as HTMLElement;

describe("pasted HTML", () => {
  const schema = editorSchema();
  const linkRule = schema.marks.link?.spec.parseDOM?.[0] as TagParseRule | undefined;
  const imageRule = schema.nodes.image?.spec.parseDOM?.[0];

  it.each(links)("a link to %j is kept: %j", (href, expected) => {
    const attrs = linkRule?.getAttrs?.(element({ href }));
    // `false` means the rule does not match: the text is pasted without a link.
    expect(attrs !== false).toBe(expected !== null);
  });

  it.each(images)("an image from %j is kept: %j", (src, expected) => {
    expect(imageRule?.getAttrs?.(element({ src })) !== false).toBe(expected !== null);
  });

  it("renders a link smuggled into the shared document with an empty href", () => {
    const link = schema.marks.link!.create({ href: "javascript:alert(1)" });
    const spec = schema.marks.link!.spec.toDOM!(link, true) as [string, Record<string, string>, number];
    expect(spec[1].href).toBe("");
  });

  it("renders an image smuggled into the shared document without a source", () => {
    const image = schema.nodes.image!.create({ src: "javascript:alert(1)" });
    const spec = schema.nodes.image!.spec.toDOM!(image) as [string, Record<string, string>];
    expect(spec[1].src).toBe("");
  });
});
