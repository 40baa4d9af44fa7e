import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** Who a connection is, as its peers should see it in awareness. */
export interface AwarenessIdentity {
  id: string;
  name: string;
}

/**
 * Rewrites a client's awareness update so that peers never render an unverified identity:
 * every state's `user.id` and `user.name` become the authenticated user's (other fields such
 * as the caret color stay), and entries for a client id that another connection speaks for
 * are dropped. Returns null when nothing is left to apply.
 */
export function stampAwarenessUpdate(update: Uint8Array, identity: AwarenessIdentity, ownedElsewhere: (clientId: number) => boolean): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (ownedElsewhere(clientId)) continue;
    const state = JSON.parse(raw) as unknown;
    if (state === null || typeof state !== "object" || Array.isArray(state)) {
      entries.push({ clientId, clock, state: JSON.stringify(state) });
      continue;
    }
    const record = state as Record<string, unknown>;
    const user = record.user !== null && typeof record.user === "object" && !Array.isArray(record.user) ? (record.user as Record<string, unknown>) : {};
    entries.push({ clientId, clock, state: JSON.stringify({ ...record, user: { ...user, id: identity.id, name: identity.name } }) });
  }
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}
