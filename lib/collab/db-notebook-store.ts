import { and, asc, eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database } from "@/lib/db/client";
import { queryRows } from "@/lib/db/client";
import { intArray } from "@/lib/db/pg-array";
import { notebookSnapshots, notebookUpdates } from "@/lib/db/schema";
import type { CompactionResult, NotebookStore } from "./notebook-store";

/** The advisory-lock key of one notebook's stored state (compaction, restore). */
export const notebookLockKey = (notebookId: string) => sql`hashtextextended(${`notebook:${notebookId}`}, 0)`;

/** The notebook store on the app's database (Postgres or PGlite, through drizzle). */
export function createDbNotebookStore(database: Pick<Database, "db">): NotebookStore {
  const { db } = database;
  // Prepared once: appends run many times a second while a page is edited.
  const appendUpdate = db
    .insert(notebookUpdates)
    .values({ notebookId: sql.placeholder("notebookId"), update: sql.placeholder("update") })
    .prepare("notebook_append_update");
  return {
    async load(notebookId) {
      // One statement, so one snapshot: a compaction committing between two reads could
      // otherwise hide rows it folded into a base the first read did not see.
      const rows = await queryRows<{ data: Uint8Array }>(
        db,
        sql`select data from (
              select ${notebookSnapshots.state} as data, 0 as part, 0::bigint as seq from ${notebookSnapshots}
               where ${notebookSnapshots.notebookId} = ${notebookId} and ${notebookSnapshots.kind} = 'compacted'
              union all
              select ${notebookUpdates.update}, 1, ${notebookUpdates.id} from ${notebookUpdates}
               where ${notebookUpdates.notebookId} = ${notebookId}
            ) stored order by part, seq`,
      );
      return rows.map((r) => r.data);
    },

    async append(notebookId, update) {
      await appendUpdate.execute({ notebookId, update });
    },

    async compact(notebookId, memoryState): Promise<CompactionResult> {
      return db.transaction(async (tx) => {
        await queryRows(tx, sql`select pg_advisory_xact_lock(${notebookLockKey(notebookId)})`);
        const bases = await tx
          .select({ id: notebookSnapshots.id, state: notebookSnapshots.state })
          .from(notebookSnapshots)
          .where(and(eq(notebookSnapshots.notebookId, notebookId), eq(notebookSnapshots.kind, "compacted")));
        const rows = await tx
          .select({ id: notebookUpdates.id, update: notebookUpdates.update })
          .from(notebookUpdates)
          .where(eq(notebookUpdates.notebookId, notebookId))
          .orderBy(asc(notebookUpdates.id));
        if (rows.length === 0 && !memoryState) return { folded: 0, bytes: bases[0]?.state.byteLength ?? 0 };
        // A Y.Doc, not Y.mergeUpdates: only a document garbage-collects deleted content.
        const doc = new Y.Doc();
        try {
          doc.transact(() => {
            for (const base of bases) Y.applyUpdate(doc, base.state);
            for (const row of rows) Y.applyUpdate(doc, row.update);
            if (memoryState) Y.applyUpdate(doc, memoryState);
          });
          const state = Y.encodeStateAsUpdate(doc);
          await tx.delete(notebookSnapshots).where(and(eq(notebookSnapshots.notebookId, notebookId), eq(notebookSnapshots.kind, "compacted")));
          await tx.insert(notebookSnapshots).values({ notebookId, kind: "compacted", state });
          // Exactly the rows folded: one committed by another connection after our read stays,
          // even with a lower id (ids are taken before commit, so they commit out of order).
          if (rows.length > 0) {
            await tx.delete(notebookUpdates).where(sql`${notebookUpdates.id} = any(${intArray(rows.map((r) => r.id))}::bigint[])`);
          }
          return { folded: rows.length, bytes: state.byteLength };
        } finally {
          doc.destroy();
        }
      });
    },
  };
}
