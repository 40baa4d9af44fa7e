import net from "node:net";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { startCollabHarness, type CollabHarness } from "./collab-harness";
import { connectClient, type TestClient } from "./collab-test-client";
import { editorContent, occurrences, until, writeParagraph } from "./test-edits";

describe("collaboration persistence", () => {
  let h: CollabHarness | undefined;
  const clients: TestClient[] = [];
  const client = (id: string, options: Parameters<typeof connectClient>[2] = {}) => {
    const c = connectClient(h!.url, id, { token: h!.key, ...options });
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await h?.close();
    h = undefined;
  });
  const stored = async (id: string) => {
    const doc = new Y.Doc();
    for (const u of await createDbNotebookStore(h!.services.database).load(id)) Y.applyUpdate(doc, u);
    return doc;
  };

  it("keeps the document across a restart; the client reconnects and converges", async () => {
    h = await startCollabHarness();
    const id = await h.notebook();
    const a = client(id);
    await a.synced();
    writeParagraph(a.doc, "before restart");
    await a.saved();
    await h.restart();
    const fresh = client(id);
    await fresh.synced();
    expect(editorContent(fresh.doc)).toContain("before restart");
    await until(() => a.provider.synced, 10_000, "reconnect");
    writeParagraph(a.doc, "after restart");
    await until(() => editorContent(fresh.doc).includes("after restart"));
    expect(occurrences(fresh.doc, "before restart")).toBe(1);
  });

  it("writes out pending updates when it shuts down, before the database closes", async () => {
    h = await startCollabHarness({ flushDelayMs: 100 });
    const id = await h.notebook();
    const a = client(id);
    await a.synced();
    for (let n = 0; n < 20; n++) writeParagraph(a.doc, `pending ${n}`);
    await new Promise((r) => setTimeout(r, 20)); // received, still inside the 100 ms batch window
    // The client will not come back to re-send: what is stored is what shutdown wrote.
    a.provider.shouldConnect = false;
    await h.restart();
    const doc = await stored(id);
    for (let n = 0; n < 20; n++) expect(occurrences(doc, `>pending ${n}<`)).toBe(1);
  });

  it("never syncs a client against an empty document while loading, and loads once for concurrent first connections", async () => {
    let loads = 0;
    let delay = 0;
    h = await startCollabHarness({
      wrapStore: (store): NotebookStore => ({
        ...store,
        load: async (id) => {
          loads++;
          await new Promise((r) => setTimeout(r, delay));
          return store.load(id);
        },
      }),
    });
    const id = await h.notebook();
    const writer = client(id);
    await writer.synced();
    writeParagraph(writer.doc, "stored content");
    await writer.saved();
    writer.destroy();
    await until(() => h!.collab.stats().notebooks === 0, 5_000, "unload");
    loads = 0;
    delay = 400;
    const readers = Array.from({ length: 5 }, () => client(id));
    const atSync = await Promise.all(readers.map((r) => r.synced().then(() => editorContent(r.doc))));
    for (const text of atSync) expect(text).toContain("stored content");
    expect(loads).toBe(1);
  });

  it("keeps the document in memory while writes fail, retries, and stores it once the database answers", async () => {
    let failing = false;
    let failures = 0;
    h = await startCollabHarness({
      wrapStore: (store): NotebookStore => ({
        ...store,
        append: async (id, update) => {
          if (failing) {
            failures++;
            throw new Error("database down");
          }
          return store.append(id, update);
        },
      }),
    });
    const id = await h.notebook();
    const a = client(id);
    await a.synced();
    failing = true;
    writeParagraph(a.doc, "written while down");
    await until(() => failures >= 2, 5_000, "retries");
    expect(a.acked()).toBeLessThan(a.clock());
    // The last client leaves: the notebook stays loaded, its update unwritten but kept.
    a.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.collab.stats().notebooks).toBe(1);
    const b = client(id);
    await b.synced();
    expect(editorContent(b.doc)).toContain("written while down");
    failing = false;
    await until(async () => editorContent(await stored(id)).includes("written while down"), 10_000, "stored after recovery");
  });

  it("unloads a notebook when its last client leaves, a reconnect while unloading gets the same state, and leaves no timer behind", async () => {
    h = await startCollabHarness({ autoVersion: { pauseMs: 50, maxIntervalMs: 10_000 } });
    const id = await h.notebook();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const cycle = async (from: number, rounds: number) => {
      for (let round = from; round < from + rounds; round++) {
        const a = client(id);
        await a.synced();
        writeParagraph(a.doc, `round ${round}`);
        a.provider.awareness.setLocalStateField("user", { name: `u${round}` });
        a.destroy();
        clients.splice(clients.indexOf(a), 1);
        if (round % 2 === 0) {
          // Reconnect at once, while the previous connection's writes and unload are under way.
          const b = client(id);
          await b.synced();
          expect(editorContent(b.doc)).toContain(`round ${round}`);
          b.destroy();
          clients.splice(clients.indexOf(b), 1);
        }
      }
      await until(() => h!.collab.stats().notebooks === 0 && h!.collab.stats().connections === 0, 5_000, "unload");
      await new Promise((r) => setTimeout(r, 1_200)); // refusal and close timers expire
    };
    // The same work once before the baseline, so that the database pool has grown to its size.
    await cycle(0, 6);
    const baseline = timers();
    await cycle(6, 20);
    expect(timers()).toBeLessThanOrEqual(baseline);
    const doc = await stored(id);
    for (let round = 0; round < 26; round++) expect(occurrences(doc, `>round ${round}<`)).toBe(1);
  });

  it("drops a peer that stops answering pings, and unloads its notebook", async () => {
    h = await startCollabHarness({ pingMs: 150 });
    const id = await h.notebook();
    const { port } = new URL(h.url);
    // A raw upgrade that then goes silent: no pong, no close.
    const socket = net.connect(Number(port), "127.0.0.1", () => {
      socket.write(
        `GET /ws/yjs/${id}?token=${h!.key} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      );
    });
    socket.on("error", () => undefined);
    await until(() => h!.collab.stats().connections === 1, 5_000, "connection");
    await until(() => h!.collab.stats().connections === 0 && h!.collab.stats().notebooks === 0, 5_000, "dead peer dropped");
    socket.destroy();
  });

  it("loses nothing when compactions race new updates", async () => {
    h = await startCollabHarness({ compactAfterRows: 3, flushDelayMs: 5 });
    const id = await h.notebook();
    const writers = [client(id), client(id), client(id)];
    await Promise.all(writers.map((w) => w.synced()));
    for (let i = 0; i < 60; i++) {
      for (const [n, w] of writers.entries()) writeParagraph(w.doc, `w${n}-${i}`);
      if (i % 3 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(writers.map((w) => w.saved()));
    const rows = await h.services.database.rows<{ n: number }>(sql`select count(*)::int as n from notebook_snapshots where kind = 'compacted' and notebook_id = ${id}::uuid`);
    expect(rows[0]?.n).toBe(1);
    const doc = await stored(id);
    for (let i = 0; i < 60; i++) for (let n = 0; n < 3; n++) expect(occurrences(doc, `w${n}-${i}<`)).toBe(1);
    expect(editorContent(doc)).toBe(editorContent(writers[0]!.doc));
  });
});
