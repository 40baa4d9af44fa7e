import { and, arrayContains, asc, desc, eq, ilike, inArray, isNull, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { decisions, notebooks, runs, users } from "@/lib/db/schema";
import { decisionStatuses, type DecisionStatus } from "./decision-status";

const statusList = z
  .string()
  .transform((value) => value.split(",").map((s) => s.trim()).filter((s) => s !== ""))
  .refine((list) => list.every((s) => (decisionStatuses as readonly string[]).includes(s)), {
    message: `must be a comma-separated list of ${decisionStatuses.join(", ")}`,
  })
  .transform((list) => [...new Set(list)] as DecisionStatus[]);

/** Filters of a decision list, as query parameters. */
export const listDecisionsQuery = z.object({
  /** Any of these statuses (`accepted,proposed`). */
  status: statusList.optional(),
  /** Owned by this user id. */
  owner: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").optional(),
  /** Linking this run. */
  run: z.uuid("must be a run id").optional(),
  /** Text in the title, context, decision or rationale. */
  q: z.string().trim().max(200, "must be at most 200 characters").optional(),
  /** On this notebook. */
  notebook: z.uuid("must be a notebook id").optional(),
  limit: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(500, "must be at most 500").default(200),
});
export type ListDecisionsQuery = z.infer<typeof listDecisionsQuery>;

/** A decision as the API shows it. */
export interface DecisionView {
  notebookId: string;
  notebookTitle: string;
  decisionId: string;
  title: string;
  status: DecisionStatus;
  context: string;
  decision: string;
  rationale: string;
  owner: { id: string; name: string } | null;
  /** `YYYY-MM-DD`. */
  date: string | null;
  /** Linked runs that still exist, in the block's order. */
  runs: { id: string; name: string }[];
  updatedAt: Date;
  /** The block on its notebook page, relative to the origin. */
  path: string;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A project's decision log, most recently changed first. Decisions of deleted notebooks are
 * left out, and so are links to deleted runs.
 */
export async function listDecisions(
  db: Db,
  input: Partial<ListDecisionsQuery> & { projectId: string; workspaceSlug: string; projectSlug: string },
): Promise<DecisionView[]> {
  const where: (SQL | undefined)[] = [eq(decisions.projectId, input.projectId), isNull(notebooks.deletedAt)];
  if (input.status && input.status.length > 0) where.push(inArray(decisions.status, input.status));
  if (input.owner) where.push(eq(decisions.ownerId, input.owner));
  if (input.run) where.push(arrayContains(decisions.runIds, [input.run]));
  if (input.notebook) where.push(eq(decisions.notebookId, input.notebook));
  if (input.q) {
    const p = likePattern(input.q);
    where.push(or(ilike(decisions.title, p), ilike(decisions.context, p), ilike(decisions.decision, p), ilike(decisions.rationale, p)));
  }
  const rows = await db
    .select({ d: decisions, notebookTitle: notebooks.title, ownerName: users.name })
    .from(decisions)
    .innerJoin(notebooks, eq(notebooks.id, decisions.notebookId))
    .leftJoin(users, eq(users.id, decisions.ownerId))
    .where(and(...where))
    .orderBy(desc(decisions.updatedAt), asc(decisions.notebookId), asc(decisions.position))
    .limit(input.limit ?? 200);

  const runIds = [...new Set(rows.flatMap((r) => r.d.runIds))];
  const runNames = new Map(
    runIds.length === 0
      ? []
      : (await db
          .select({ id: runs.id, name: runs.name })
          .from(runs)
          .where(and(inArray(runs.id, runIds), eq(runs.projectId, input.projectId), isNull(runs.deletedAt)))).map((r) => [r.id, r.name] as const),
  );

  return rows.map(({ d, notebookTitle, ownerName }) => ({
    notebookId: d.notebookId,
    notebookTitle,
    decisionId: d.decisionId,
    title: d.title,
    status: d.status,
    context: d.context,
    decision: d.decision,
    rationale: d.rationale,
    owner: d.ownerId !== null && ownerName !== null ? { id: d.ownerId, name: ownerName } : null,
    date: d.decidedOn,
    runs: d.runIds.flatMap((id) => {
      const name = runNames.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
    updatedAt: d.updatedAt,
    path: `/${input.workspaceSlug}/${input.projectSlug}/notebooks/${d.notebookId}#decision-${d.decisionId}`,
  }));
}
