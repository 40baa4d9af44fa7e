import { describe, expect, it } from "vitest";
import type { NotebookCommentPayload } from "@/lib/protocol/live";
import { arrangeNotebookThreads } from "./notebook-threads";
import { buildThreads } from "./threads";

let n = 0;
function comment(overrides: Partial<NotebookCommentPayload> = {}): NotebookCommentPayload {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    notebookId: "10000000-0000-4000-8000-000000000000",
    parentId: null,
    author: { id: "u1", name: "Ada" },
    body: `comment ${n}`,
    anchor: { from: "AQ==", to: "Ag==" },
    quote: `quote ${n}`,
    orphaned: false,
    mentions: [],
    resolvedAt: null,
    resolvedBy: null,
    editedAt: null,
    deleted: false,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    ...overrides,
  };
}

const ids = (threads: { root: { id: string } }[]) => threads.map((t) => t.root.id);

describe("arrangeNotebookThreads", () => {
  const early = comment();
  const late = comment();
  const pageWide = comment({ anchor: null, quote: null });
  const gone = comment();
  const goneOnServer = comment({ orphaned: true });
  const done = comment({ resolvedAt: "2025-01-02T00:00:00.000Z" });
  const threads = buildThreads([early, late, pageWide, gone, goneOnServer, done]);

  it.each<[string, ReadonlyMap<string, number> | null, { open: string[]; orphaned: string[]; resolved: string[] }]>([
    [
      "in document order where the editor found the text, orphaned where it did not",
      new Map([
        [late.id, 3],
        [early.id, 40],
        [goneOnServer.id, 12],
      ]),
      { open: [pageWide.id, late.id, goneOnServer.id, early.id], orphaned: [gone.id], resolved: [done.id] },
    ],
    [
      "by the server's orphaned flag before the editor has the page",
      null,
      { open: [pageWide.id, early.id, late.id, gone.id], orphaned: [goneOnServer.id], resolved: [done.id] },
    ],
  ])("lists threads %s", (_label, positions, expected) => {
    const arranged = arrangeNotebookThreads(threads, positions);
    expect({ open: ids(arranged.open), orphaned: ids(arranged.orphaned), resolved: ids(arranged.resolved) }).toEqual(expected);
  });
});
