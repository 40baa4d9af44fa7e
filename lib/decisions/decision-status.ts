/** Where a decision stands; shared by the `decision` block, the decisions table and the API. */
export const decisionStatuses = ["proposed", "accepted", "rejected", "superseded"] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];
