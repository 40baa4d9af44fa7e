import type { DecisionStatus } from "@/lib/decisions/decision-status";

/** A decision as `GET /api/v1/projects/:workspace/:project/decisions` lists it. */
export interface DecisionItem {
  notebookId: string;
  notebookTitle: string;
  decisionId: string;
  title: string;
  status: DecisionStatus;
  context: string;
  decision: string;
  rationale: string;
  owner: { id: string; name: string } | null;
  date: string | null;
  runs: { id: string; name: string }[];
  updatedAt: string;
  /** The block on its notebook page, relative to the origin. */
  path: string;
}
