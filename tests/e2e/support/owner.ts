import path from "node:path";

/** The account the first-run test creates; it owns the workspace every other test uses. */
export const owner = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  password: "correct horse battery",
  workspaceName: "Analytical Engines",
  workspace: "analytical-engines",
} as const;

/** Where the first-run test leaves the owner's signed-in browser state for the other tests. */
export const ownerStorageState = path.resolve(import.meta.dirname, "../../../test-results/.auth/owner.json");
