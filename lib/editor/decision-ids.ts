import { Extension } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts, and a self-hosted server is
 * often reached over plain http on a LAN; `getRandomValues` works everywhere.
 */
export function newDecisionId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const decisionIdsKey = new PluginKey("decisionIds");

/** Set by y-tiptap on transactions it builds from remote changes. */
function isRemote(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return typeof meta === "object" && meta !== null && (meta as { isChangeOrigin?: unknown }).isChangeOrigin === true;
}

function decisionsOf(doc: PmNode): { pos: number; id: unknown }[] {
  const found: { pos: number; id: unknown }[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "decision") found.push({ pos, id: node.attrs.decisionId });
    return !node.isAtom;
  });
  return found;
}

/**
 * Keeps decision ids unique on a page: after a local change, a decision block whose id another
 * block already has (a pasted or duplicated copy) or that has no valid id gets a new one. Of
 * two blocks sharing an id, the one that had it before the change keeps it, wherever the copy
 * landed. Remote changes are left alone: their author's editor fixed them, and two editors
 * renaming the same copy would race.
 */
export function decisionIdsPlugin(makeId: () => string = newDecisionId): Plugin {
  return new Plugin({
    key: decisionIdsKey,
    appendTransaction(transactions, oldState, newState) {
      if (!transactions.some((tr) => tr.docChanged && !isRemote(tr) && tr.getMeta(decisionIdsKey) === undefined)) return null;
      const now = decisionsOf(newState.doc);
      if (now.length === 0) return null;

      // Where each block of the old page ended up: that one keeps its id.
      const owners = new Map<string, number>();
      const mappings = transactions.map((tr) => tr.mapping);
      for (const { pos, id } of decisionsOf(oldState.doc)) {
        if (typeof id !== "string" || !UUID.test(id) || owners.has(id.toLowerCase())) continue;
        let mapped = pos;
        for (const mapping of mappings) mapped = mapping.map(mapped, 1);
        owners.set(id.toLowerCase(), mapped);
      }

      const byId = new Map<string, number[]>();
      const renew: number[] = [];
      for (const { pos, id } of now) {
        if (typeof id !== "string" || !UUID.test(id)) renew.push(pos);
        else byId.set(id.toLowerCase(), [...(byId.get(id.toLowerCase()) ?? []), pos]);
      }
      for (const [id, positions] of byId) {
        if (positions.length < 2) continue;
        const owner = owners.get(id);
        const keep = owner !== undefined && positions.includes(owner) ? owner : positions[0];
        renew.push(...positions.filter((pos) => pos !== keep));
      }
      if (renew.length === 0) return null;
      const tr = newState.tr.setMeta(decisionIdsKey, true).setMeta("addToHistory", false);
      for (const pos of renew) tr.setNodeAttribute(pos, "decisionId", makeId());
      return tr;
    },
  });
}

/** The editor extension of {@link decisionIdsPlugin}; it adds no node or attribute (the schema is unchanged). */
export const DecisionIds = Extension.create({
  name: "decisionIds",
  addProseMirrorPlugins() {
    return [decisionIdsPlugin()];
  },
});
