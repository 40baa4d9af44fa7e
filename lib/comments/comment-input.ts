import { z } from "zod";
import { metricKey, metricStep } from "@/lib/metrics/metric-input";

/** Longest comment body, in characters. */
export const MAX_COMMENT_LENGTH = 10_000;
/** Most distinct users one comment may @mention. */
export const MAX_MENTIONS = 50;

export const commentBody = z
  .string({ error: "must be a string" })
  .max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`)
  .refine((body) => body.trim().length > 0, "must not be empty");

/** A metric key, optionally narrowed to an inclusive step range (both ends or neither). */
export const commentAnchor = z
  .object({ key: metricKey, fromStep: metricStep.nullish(), toStep: metricStep.nullish() })
  .refine((a) => (a.fromStep == null) === (a.toStep == null), { message: "send fromStep and toStep together, or neither", path: ["fromStep"] })
  .refine((a) => a.fromStep == null || a.toStep == null || a.fromStep <= a.toStep, { message: "must not be less than fromStep", path: ["toStep"] })
  .transform((a) => ({ key: a.key, fromStep: a.fromStep ?? null, toStep: a.toStep ?? null }));
export type CommentAnchor = z.infer<typeof commentAnchor>;

export const createCommentInput = z.strictObject({
  body: commentBody,
  /** The thread's root comment, to reply; absent to start a thread. */
  parentId: z.uuid("must be a comment id").nullish(),
  /** Only a thread's root may be anchored. */
  anchor: commentAnchor.nullish(),
});
export type CreateCommentInput = z.infer<typeof createCommentInput>;

export const updateCommentInput = z
  .strictObject({ body: commentBody.optional(), resolved: z.boolean({ error: "must be true or false" }).optional() })
  .refine((v) => v.body !== undefined || v.resolved !== undefined, { message: "send body, resolved or both" });
export type UpdateCommentInput = z.infer<typeof updateCommentInput>;
