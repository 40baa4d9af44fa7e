import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { EDITOR_FRAGMENT } from "@/lib/protocol/collab";
import { startCollabHarness, type CollabHarness } from "./collab-harness";
import { connectClient, type TestClient } from "./collab-test-client";
import { until } from "./test-edits";

const SEED = Number(process.env.COLLAB_FUZZ_SEED ?? 20261127);
const ROUNDS = 200;

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

// Map keys sorted: each replica lists them in the order it learnt them.
const snapshot = (doc: Y.Doc) =>
  JSON.stringify({ content: doc.getXmlFragment(EDITOR_FRAGMENT).toJSON(), meta: Object.entries(doc.getMap("meta").toJSON()).sort(([a], [b]) => a.localeCompare(b)) });
const clockOf = (doc: Y.Doc, clientId: number) => Y.decodeStateVector(Y.encodeStateVector(doc)).get(clientId) ?? 0;

/** One random editor action on the shared content. */
function edit(doc: Y.Doc, rng: ReturnType<typeof random>, label: string): void {
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  const paragraphs = fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const pick = rng.next();
  if (pick < 0.4 || paragraphs.length === 0) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(label)]);
    fragment.insert(rng.int(fragment.length + 1), [paragraph]);
  } else if (pick < 0.7) {
    const text = paragraphs[rng.int(paragraphs.length)]!.get(0);
    if (text instanceof Y.XmlText) text.insert(rng.int(text.length + 1), ` ${label} `);
  } else if (pick < 0.8) {
    fragment.delete(rng.int(fragment.length), 1);
  } else if (pick < 0.9) {
    const text = paragraphs[rng.int(paragraphs.length)]!.get(0);
    if (text instanceof Y.XmlText && text.length > 1) text.format(rng.int(text.length - 1), 1, { bold: true });
  } else {
    doc.getMap("meta").set(`k${rng.int(5)}`, label);
  }
}

describe("randomized convergence through the server", () => {
  let h: CollabHarness | undefined;
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await h?.close();
  });

  it(`5 clients, random edits, disconnects and a server restart over ${ROUNDS} rounds converge (seed ${SEED})`, async () => {
    h = await startCollabHarness();
    const id = await h.notebook();
    const rng = random(SEED);
    for (let i = 0; i < 5; i++) clients.push(connectClient(h.url, id, { token: h.key }));
    await Promise.all(clients.map((c) => c.synced()));
    const ackedBeforeRestart: number[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const i = rng.int(clients.length);
      const c = clients[i]!;
      if (round === ROUNDS / 2) {
        ackedBeforeRestart.push(...clients.map((x) => x.acked()));
        await h.restart();
        continue;
      }
      if (rng.next() < 0.08) {
        if (c.provider.shouldConnect) c.provider.disconnect();
        else c.provider.connect();
      } else {
        edit(c.doc, rng, `c${i}r${round}`);
      }
      if (rng.next() < 0.3) await new Promise((r) => setTimeout(r, rng.int(15)));
    }

    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
    await until(() => clients.every((c) => c.provider.synced), 15_000, `reconnect (seed ${SEED})`);
    await Promise.all(clients.map((c) => c.saved(15_000)));
    await until(() => clients.every((c) => snapshot(c.doc) === snapshot(clients[0]!.doc)), 10_000, `convergence (seed ${SEED})`);

    const fresh = connectClient(h.url, id, { token: h.key });
    clients.push(fresh);
    await fresh.synced();
    expect(snapshot(fresh.doc), `seed ${SEED}`).toBe(snapshot(clients[0]!.doc));
    const stored = new Y.Doc();
    for (const u of await createDbNotebookStore(h.services.database).load(id)) Y.applyUpdate(stored, u);
    expect(snapshot(stored), `seed ${SEED}`).toBe(snapshot(clients[0]!.doc));
    for (const [i, c] of clients.slice(0, 5).entries()) {
      // Everything acknowledged before the restart, and everything at the end, is stored.
      expect(clockOf(stored, c.doc.clientID), `seed ${SEED}`).toBeGreaterThanOrEqual(ackedBeforeRestart[i]!);
      expect(clockOf(stored, c.doc.clientID), `seed ${SEED}`).toBe(c.clock());
    }
  }, 90_000);
});
