import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { decisions, members, runs } from "@/lib/db/schema";
import type { ExtractedDecision } from "./extract-decisions";

export interface IndexDecisionsInput {
  notebookId: string;
  projectId: string;
  workspaceId: string;
  /** The page's decisions, as {@link extractDecisions} returns them. */
  decisions: readonly ExtractedDecision[];
}

/**
 * Makes the decisions table hold exactly the decisions of a notebook's page, in one
 * transaction: new blocks are inserted, changed ones updated (their `updated_at` moves only
 * when something changed), removed ones deleted. An owner who is not a member of the
 * workspace is stored as none; runs that are not runs of the notebook's project are dropped,
 * so the table never links what the page's readers may not see.
 */
export async function indexDecisions(db: Db, input: IndexDecisionsInput): Promise<{ indexed: number; removed: number }> {
  const ownerIds = [...new Set(input.decisions.flatMap((d) => (d.ownerId ? [d.ownerId] : [])))];
  const runIds = [...new Set(input.decisions.flatMap((d) => d.runIds))];
  const decisionIds = input.decisions.map((d) => d.decisionId);

  // Moving a block or re-indexing an unchanged page must not make its decisions "new".
  const changed = sql`(${decisions.projectId}, ${decisions.title}, ${decisions.status}, ${decisions.context}, ${decisions.decision}, ${decisions.rationale}, ${decisions.ownerId}, ${decisions.decidedOn}, ${decisions.runIds})
    is distinct from (excluded.project_id, excluded.title, excluded.status, excluded.context, excluded.decision, excluded.rationale, excluded.owner_id, excluded.decided_on, excluded.run_ids)`;

  return db.transaction(async (tx) => {
    const memberIds = new Set(
      ownerIds.length === 0
        ? []
        : (await tx.select({ id: members.userId }).from(members).where(and(eq(members.workspaceId, input.workspaceId), inArray(members.userId, ownerIds)))).map((r) => r.id),
    );
    const projectRuns = new Set(
      runIds.length === 0 ? [] : (await tx.select({ id: runs.id }).from(runs).where(and(eq(runs.projectId, input.projectId), inArray(runs.id, runIds)))).map((r) => r.id),
    );

    const removed = await tx
      .delete(decisions)
      .where(decisionIds.length === 0 ? eq(decisions.notebookId, input.notebookId) : and(eq(decisions.notebookId, input.notebookId), notInArray(decisions.decisionId, decisionIds)))
      .returning({ id: decisions.decisionId });

    if (input.decisions.length > 0) {
      const rows = input.decisions.map((d) => ({
        notebookId: input.notebookId,
        decisionId: d.decisionId,
        projectId: input.projectId,
        position: d.position,
        title: d.title,
        status: d.status,
        context: d.context,
        decision: d.decision,
        rationale: d.rationale,
        ownerId: d.ownerId !== null && memberIds.has(d.ownerId) ? d.ownerId : null,
        decidedOn: d.decidedOn,
        runIds: d.runIds.filter((id) => projectRuns.has(id)),
      }));
      await tx
        .insert(decisions)
        .values(rows)
        .onConflictDoUpdate({
          target: [decisions.notebookId, decisions.decisionId],
          set: {
            projectId: sql`excluded.project_id`,
            position: sql`excluded.position`,
            title: sql`excluded.title`,
            status: sql`excluded.status`,
            context: sql`excluded.context`,
            decision: sql`excluded.decision`,
            rationale: sql`excluded.rationale`,
            ownerId: sql`excluded.owner_id`,
            decidedOn: sql`excluded.decided_on`,
            runIds: sql`excluded.run_ids`,
            updatedAt: sql`case when ${changed} then now() else ${decisions.updatedAt} end`,
          },
          setWhere: sql`${changed} or ${decisions.position} <> excluded.position`,
        });
    }
    return { indexed: input.decisions.length, removed: removed.length };
  });
}
