import pino from "pino";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createIndexScheduler, type DocumentIndexer } from "./indexing";
import { until } from "./test-edits";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An indexer recording the page text it read, how many runs overlapped, and failing on demand. */
function recorder(options: { ms?: number; fail?: () => boolean } = {}) {
  const seen: string[] = [];
  let active = 0;
  let maxActive = 0;
  const indexer: DocumentIndexer = {
    name: "recorder",
    async index(_id, doc) {
      const text = doc.getText("t").toJSON();
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        await sleep(options.ms ?? 0);
        if (options.fail?.()) throw new Error("database down");
        seen.push(text);
      } finally {
        active--;
      }
    },
  };
  return { indexer, seen, maxActive: () => maxActive };
}

describe("createIndexScheduler", () => {
  const log = pino({ level: "silent" });

  it("debounces: many changes index once, after the last, with the latest page", async () => {
    const doc = new Y.Doc();
    const r = recorder();
    const s = createIndexScheduler({ notebookId: "n", doc, indexers: [r.indexer], delayMs: 40, log });
    for (const ch of "abcde") {
      doc.getText("t").insert(doc.getText("t").length, ch);
      s.touch();
      await sleep(10);
    }
    expect(r.seen).toEqual([]);
    await until(() => r.seen.length === 1, 2_000, "one indexing");
    await sleep(80);
    expect(r.seen).toEqual(["abcde"]);
  });

  it("runs one indexing at a time and indexes again for a change made during a run", async () => {
    const doc = new Y.Doc();
    const r = recorder({ ms: 60 });
    const s = createIndexScheduler({ notebookId: "n", doc, indexers: [r.indexer], delayMs: 5, log });
    doc.getText("t").insert(0, "a");
    s.touch();
    await sleep(20);
    doc.getText("t").insert(1, "b");
    s.touch();
    await until(() => r.seen.length === 2, 2_000, "two indexings");
    expect(r.seen).toEqual(["a", "ab"]);
    expect(r.maxActive()).toBe(1);
  });

  it("keeps going after a failing indexer, and its failure does not stop the others", async () => {
    const doc = new Y.Doc();
    let failing = true;
    const bad = recorder({ fail: () => failing });
    const good = recorder();
    const throwsAtOnce: DocumentIndexer = {
      name: "sync-throw",
      index: () => {
        throw new Error("boom");
      },
    };
    const s = createIndexScheduler({ notebookId: "n", doc, indexers: [bad.indexer, throwsAtOnce, good.indexer], delayMs: 5, log });
    doc.getText("t").insert(0, "x");
    s.touch();
    await until(() => good.seen.length === 1, 2_000, "the good indexer");
    expect(bad.seen).toEqual([]);
    failing = false;
    s.touch();
    await until(() => bad.seen.length === 1, 2_000, "the recovered indexer");
  });

  it("flush runs a pending indexing at once; stop drops it", async () => {
    const doc = new Y.Doc();
    const r = recorder();
    const s = createIndexScheduler({ notebookId: "n", doc, indexers: [r.indexer], delayMs: 10_000, log });
    doc.getText("t").insert(0, "now");
    s.touch();
    await s.flush();
    expect(r.seen).toEqual(["now"]);
    await s.flush();
    expect(r.seen).toEqual(["now"]);

    s.touch();
    s.stop();
    await s.flush();
    expect(r.seen).toEqual(["now"]);
  });
});
