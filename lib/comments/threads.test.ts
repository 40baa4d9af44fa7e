import { describe, expect, it } from "vitest";
import type { CommentPayload } from "@/lib/protocol/live";
import { buildThreads, commentRegions, formatAnchor, upsertComment, visibleComments } from "./threads";

let n = 0;
function comment(overrides: Partial<CommentPayload> = {}): CommentPayload {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    runId: "10000000-0000-4000-8000-000000000000",
    parentId: null,
    author: { id: "u1", name: "Ada" },
    body: `comment ${n}`,
    anchor: null,
    mentions: [],
    resolvedAt: null,
    resolvedBy: null,
    editedAt: null,
    deleted: false,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    ...overrides,
  };
}

describe("threads", () => {
  it("groups replies under their root, oldest reply first, newest thread first", () => {
    const first = comment();
    const second = comment({ anchor: { key: "loss", fromStep: 10, toStep: 20 } });
    const reply2 = comment({ parentId: first.id });
    const reply1 = comment({ parentId: first.id, createdAt: first.createdAt });
    const threads = buildThreads([reply2, second, first, reply1]);
    expect(threads.map((t) => t.root.id)).toEqual([second.id, first.id]);
    expect(threads[1]?.replies.map((r) => r.id)).toEqual([reply1.id, reply2.id]);
  });

  it("hides deleted replies and keeps a deleted root only while a reply stands", () => {
    const root = comment({ deleted: true, body: "" });
    const reply = comment({ parentId: root.id });
    const gone = comment({ parentId: root.id, deleted: true });
    const lonely = comment({ deleted: true });
    expect(visibleComments([root, reply, gone, lonely]).map((c) => c.id)).toEqual([root.id, reply.id]);
    expect(visibleComments([root, { ...reply, deleted: true }, lonely])).toEqual([]);
  });

  it("shades only threads anchored to a step range, with their resolution", () => {
    const ranged = comment({ anchor: { key: "val/loss", fromStep: 120, toStep: 340 }, resolvedAt: "2025-01-02T00:00:00.000Z" });
    const keyOnly = comment({ anchor: { key: "acc", fromStep: null, toStep: null } });
    const plain = comment();
    expect(commentRegions(buildThreads([ranged, keyOnly, plain]))).toEqual([{ id: ranged.id, key: "val/loss", fromStep: 120, toStep: 340, resolved: true }]);
  });

  it("replaces a comment by id or appends it", () => {
    const a = comment();
    const b = comment();
    expect(upsertComment([a], b)).toEqual([a, b]);
    expect(upsertComment([a, b], { ...a, body: "edited" })).toEqual([{ ...a, body: "edited" }, b]);
  });

  it.each<[CommentPayload["anchor"] & object, string]>([
    [{ key: "loss", fromStep: 120, toStep: 340 }, "loss · steps 120–340"],
    [{ key: "val/loss", fromStep: 12000, toStep: 14000 }, "val/loss · steps 12,000–14,000"],
    [{ key: "loss", fromStep: 7, toStep: 7 }, "loss · step 7"],
    [{ key: "acc", fromStep: null, toStep: null }, "acc"],
  ])("labels anchor %j", (anchor, label) => {
    expect(formatAnchor(anchor)).toBe(label);
  });
});
