import * as Y from "yjs";
import { z } from "zod";
import { commentBody } from "./comment-input";

/** Longest encoded relative position accepted (real ones take a few dozen characters). */
export const MAX_ANCHOR_POSITION_LENGTH = 512;
/** Longest quote of the commented text kept with a thread. */
export const MAX_QUOTE_LENGTH = 1_000;

/** One end of a text anchor: a base64 `Y.encodeRelativePosition` that decodes. */
const encodedPosition = z
  .string({ error: "must be a string" })
  .min(1, "must not be empty")
  .max(MAX_ANCHOR_POSITION_LENGTH, `must be at most ${MAX_ANCHOR_POSITION_LENGTH} characters`)
  .base64("must be base64")
  .refine(decodesAsPosition, "must be an encoded Yjs relative position");

function decodesAsPosition(value: string): boolean {
  try {
    Y.decodeRelativePosition(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
    return true;
  } catch {
    // Any decoding failure means the same thing to the caller: not a position.
    return false;
  }
}

/** A stretch of a notebook page's text, as two relative positions in its `default` fragment. */
export const textAnchorInput = z.strictObject({ from: encodedPosition, to: encodedPosition });

export const createNotebookCommentInput = z
  .strictObject({
    body: commentBody,
    /** The thread's root comment, to reply; absent to start a thread. */
    parentId: z.uuid("must be a comment id").nullish(),
    /** Only a thread's root may be anchored. */
    anchor: textAnchorInput.nullish(),
    /** The selected text when the thread begins; only with an anchor. */
    quote: z.string({ error: "must be a string" }).max(MAX_QUOTE_LENGTH, `must be at most ${MAX_QUOTE_LENGTH} characters`).nullish(),
  })
  .refine((v) => v.quote == null || v.anchor != null, { message: "send quote only with an anchor", path: ["quote"] });
export type CreateNotebookCommentInput = z.infer<typeof createNotebookCommentInput>;
