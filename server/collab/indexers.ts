import type { Db } from "@/lib/db/client";
import { indexNotebook } from "@/lib/notebooks/index-notebook";
import type { DocumentIndexer } from "./indexing";

/** Everything the server derives from notebook pages; each runs after stored changes (see ./indexing). */
export function notebookIndexers(db: Db): DocumentIndexer[] {
  return [{ name: "decisions", index: (notebookId, doc) => indexNotebook(db, notebookId, doc) }];
}
