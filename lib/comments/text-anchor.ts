import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import type { TextAnchor } from "@/lib/protocol/live";

/** A relative position as stored and sent: base64 of `Y.encodeRelativePosition`. */
export function encodeTextPosition(position: Y.RelativePosition): string {
  let binary = "";
  for (const byte of Y.encodeRelativePosition(position)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The relative position an encoded one names, or null when it does not decode. */
export function decodeTextPosition(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    // Stored anchors were validated on the way in; one that does not decode is simply lost.
    return null;
  }
}

/** True when the type, or a type it sits in, was deleted: positions in it lead nowhere. */
function isDeletedType(type: Y.AbstractType<unknown>): boolean {
  for (let item = type._item; item !== null; item = (item.parent as Y.AbstractType<unknown>)._item) {
    if (item.deleted) return true;
  }
  return false;
}

/**
 * Whether an anchor's text is still on the page: both ends resolve (undone deletions are
 * followed, so undo brings a thread back), neither lies in a deleted paragraph, and within one
 * paragraph some text is left between them.
 */
export function isAnchorPresent(doc: Y.Doc, anchor: TextAnchor): boolean {
  const fromPosition = decodeTextPosition(anchor.from);
  const toPosition = decodeTextPosition(anchor.to);
  if (!fromPosition || !toPosition) return false;
  const from = Y.createAbsolutePositionFromRelativePosition(fromPosition, doc);
  const to = Y.createAbsolutePositionFromRelativePosition(toPosition, doc);
  if (!from || !to) return false;
  if (isDeletedType(from.type) || isDeletedType(to.type)) return false;
  return from.type !== to.type || from.index < to.index;
}

/** y-tiptap's map from Yjs types to the ProseMirror nodes they became (the sync binding's `mapping`). */
export type ProseMirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/**
 * The anchor of the ProseMirror range [from, to) of a page bound to `fragment`. y-tiptap ties a
 * position to the character before it; the start is tied to the first character of the range
 * instead, so text typed just before the range stays outside it (and text typed at its end too).
 */
export function anchorOfRange(doc: Y.Doc, fragment: Y.XmlFragment, mapping: ProseMirrorMapping, from: number, to: number): TextAnchor {
  const fromRelative = absolutePositionToRelativePosition(from, fragment, mapping) as Y.RelativePosition;
  const toRelative = absolutePositionToRelativePosition(to, fragment, mapping) as Y.RelativePosition;
  const start = Y.createAbsolutePositionFromRelativePosition(fromRelative, doc);
  const startRelative = start ? Y.createRelativePositionFromTypeIndex(start.type, start.index, 0) : fromRelative;
  return { from: encodeTextPosition(startRelative), to: encodeTextPosition(toRelative) };
}

/** Where an anchor's text is on the page now, as a ProseMirror range; null when it is gone. */
export function rangeOfAnchor(doc: Y.Doc, fragment: Y.XmlFragment, mapping: ProseMirrorMapping, anchor: TextAnchor): { from: number; to: number } | null {
  if (!isAnchorPresent(doc, anchor)) return null;
  const fromPosition = decodeTextPosition(anchor.from);
  const toPosition = decodeTextPosition(anchor.to);
  if (!fromPosition || !toPosition) return null;
  const from = relativePositionToAbsolutePosition(doc, fragment, fromPosition, mapping);
  const to = relativePositionToAbsolutePosition(doc, fragment, toPosition, mapping);
  return from === null || to === null || from >= to ? null : { from, to };
}
