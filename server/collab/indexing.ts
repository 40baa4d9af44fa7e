import type { Logger } from "pino";
import type * as Y from "yjs";

/**
 * Derives server-side data from a notebook's page (the decision log, …). It must read `doc`
 * before its first await: the room goes on changing, and may be destroyed, meanwhile.
 */
export interface DocumentIndexer {
  /** Names the indexer in logs. */
  name: string;
  index(notebookId: string, doc: Y.Doc): Promise<unknown>;
}

export interface IndexScheduler {
  /** The page changed (and is stored): index it `delayMs` after the last such call. */
  touch(): void;
  /** Runs a pending indexing now and resolves when no indexing runs (before unloading). */
  flush(): Promise<void>;
  /** Drops any pending indexing; the room is going away. */
  stop(): void;
}

/**
 * Debounced indexing of one room: one run at a time, every indexer of a run called in the same
 * tick (each reads the page at once), a change during a run schedules another. Failures are
 * logged and never reach the room; the next change tries again.
 */
export function createIndexScheduler(options: { notebookId: string; doc: Y.Doc; indexers: readonly DocumentIndexer[]; delayMs: number; log: Logger }): IndexScheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let dirty = false;
  let stopped = false;

  const call = (indexer: DocumentIndexer): Promise<unknown> => {
    try {
      return indexer.index(options.notebookId, options.doc);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  function start(): void {
    dirty = false;
    running = Promise.all(
      options.indexers.map((indexer) =>
        call(indexer).catch((error: unknown) => {
          options.log.warn({ err: error, notebookId: options.notebookId, indexer: indexer.name }, "indexing a notebook failed");
        }),
      ),
    )
      .then(() => undefined)
      .finally(() => {
        running = undefined;
        // Changed during the run and its timer already fired: go again.
        if (dirty && !timer && !stopped) start();
      });
  }

  async function idle(): Promise<void> {
    while (running) await running;
  }

  function fire(): void {
    timer = undefined;
    if (!running && !stopped) start();
  }

  return {
    touch() {
      if (stopped || options.indexers.length === 0) return;
      dirty = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(fire, options.delayMs);
    },
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      await idle();
      if (dirty && !stopped) {
        start();
        await idle();
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
