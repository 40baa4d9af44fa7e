/**
 * The persistence port of collaborative notebooks: the sync server needs only these three
 * operations, and one contract test suite (notebook-store.test.ts) holds every implementation
 * to the same behaviour.
 */
export interface NotebookStore {
  /** Every stored update of a notebook, the compacted state first; applying them all rebuilds the document. */
  load(notebookId: string): Promise<Uint8Array[]>;
  /** Appends one update; it is durable once the promise resolves. */
  append(notebookId: string, update: Uint8Array): Promise<void>;
  /**
   * Folds the stored updates, plus `memoryState` when given (the live document), into one
   * snapshot built from a Y.Doc, under an advisory lock; updates appended meanwhile are kept.
   */
  compact(notebookId: string, memoryState?: Uint8Array): Promise<CompactionResult>;
}

export interface CompactionResult {
  /** Update rows folded into the snapshot. */
  folded: number;
  /** Size of the new snapshot. */
  bytes: number;
}
