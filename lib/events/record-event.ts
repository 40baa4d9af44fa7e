import type { DbOrTx } from "@/lib/db/types";
import { events } from "@/lib/db/schema";

export interface RecordEventInput {
  workspaceId: string | null;
  actorId: string | null;
  type: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
}

/** Appends one entry to the activity log; call it inside the transaction of the change. */
export async function recordEvent(db: DbOrTx, input: RecordEventInput): Promise<void> {
  await db.insert(events).values({ ...input, data: input.data ?? {} });
}
