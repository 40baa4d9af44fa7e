import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { stampAwarenessUpdate } from "./awareness-identity";

const identity = { id: "u1", name: "Ada" };

/** An awareness update of one client with `state`, as a client would send it. */
function updateOf(state: Record<string, unknown> | null, clientId = 7): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]);
  awareness.destroy();
  doc.destroy();
  return update;
}

/** The states an update carries, by client id. */
function statesOf(update: Uint8Array): Map<number, unknown> {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awarenessProtocol.applyAwarenessUpdate(awareness, update, null);
  const states = new Map([...awareness.getStates()].filter(([id]) => id !== doc.clientID));
  awareness.destroy();
  doc.destroy();
  return states;
}

describe("stampAwarenessUpdate", () => {
  it.each<[string, Record<string, unknown> | null, unknown]>([
    ["keeps other fields and the caret color", { user: { name: "Ada", color: "#ff0000" }, cursor: 3 }, { user: { name: "Ada", color: "#ff0000", id: "u1" }, cursor: 3 }],
    ["overwrites a claimed identity", { user: { id: "owner", name: "The Owner" } }, { user: { id: "u1", name: "Ada" } }],
    ["adds the identity to a state without one", { cursor: null }, { cursor: null, user: { id: "u1", name: "Ada" } }],
    ["replaces a user that is not an object", { user: "root" }, { user: { id: "u1", name: "Ada" } }],
  ])("%s", (_label, state, expected) => {
    const stamped = stampAwarenessUpdate(updateOf(state), identity, () => false);
    expect(stamped && statesOf(stamped).get(7)).toEqual(expected);
  });

  it("passes a removal (null state) through", () => {
    const removal = updateOf(null);
    expect(stampAwarenessUpdate(removal, identity, () => false)).toEqual(removal);
  });

  it("drops entries for a client id another connection speaks for", () => {
    expect(stampAwarenessUpdate(updateOf({ user: {} }, 42), identity, (id) => id === 42)).toBeNull();
  });
});
