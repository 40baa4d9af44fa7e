import type { Logger } from "pino";
import * as Y from "yjs";

export interface WriteQueueOptions<Source> {
  /** Makes one (merged) update durable. */
  append(update: Uint8Array): Promise<void>;
  /** Taken when a batch is cut: the document's state vector, which that batch makes durable. */
  mark(): Uint8Array;
  /** Called after each durable write with the sources whose updates it held and the batch's mark. */
  onDurable(sources: ReadonlySet<Source>, mark: Uint8Array): void;
  /** How long the first update of a batch may wait for others (the batch window). */
  delayMs: number;
  log: Logger;
}

export interface WriteQueue<Source> {
  push(update: Uint8Array, source: Source | null): void;
  /**
   * Asks for `source` to be told with the next durable write (it re-sent something already
   * queued or being written). False when nothing is waiting: it is all durable already.
   */
  notify(source: Source): boolean;
  /** Writes what is queued now and resolves once everything pushed so far is durable. */
  drain(): Promise<void>;
  /** True while updates wait or a write is in flight. */
  readonly busy: boolean;
  /** Stops retrying; whatever is still queued stays unwritten (and is logged). */
  close(): void;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/**
 * Appends a document's updates in order, batched: the first update of a batch waits at most
 * `delayMs`, updates arriving during a write go in the next one. A failed write is retried with
 * backoff, never dropped; the document stays in memory until it succeeds.
 */
export function createWriteQueue<Source>(options: WriteQueueOptions<Source>): WriteQueue<Source> {
  let queue: Uint8Array[] = [];
  let sources = new Set<Source>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  /** Sources of the batch being written. */
  let inflight: Set<Source> | undefined;
  let retry: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      retry = { timer: setTimeout(resolve, ms), resolve };
    }).finally(() => (retry = undefined));

  async function writeAll(): Promise<void> {
    let failures = 0;
    while (queue.length > 0 && !closed) {
      const batch = queue;
      const from = sources;
      queue = [];
      sources = new Set();
      const mark = options.mark();
      const update = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
      inflight = from;
      try {
        await options.append(update);
        inflight = undefined;
        if (failures > 0) options.log.info({ failures }, "notebook write succeeded after retrying");
        failures = 0;
        options.onDurable(from, mark);
      } catch (error) {
        inflight = undefined;
        // Back in front, in order: nothing is dropped, and later updates still follow it.
        queue = [update, ...queue];
        for (const source of from) sources.add(source);
        failures++;
        const wait = Math.min(RETRY_MIN_MS * 2 ** (failures - 1), RETRY_MAX_MS);
        if (failures === 1 || failures % 10 === 0) options.log.warn({ err: error, failures, retryInMs: wait }, "writing notebook updates failed; retrying");
        await sleep(wait);
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing ??= writeAll().finally(() => (writing = undefined));
    return writing;
  }

  return {
    push(update, source) {
      if (closed) return;
      queue.push(update);
      if (source !== null) sources.add(source);
      // A write in flight picks the update up when it finishes.
      if (!timer && !writing) timer = setTimeout(() => void flush(), options.delayMs);
    },
    notify(source) {
      if (closed) return false;
      if (queue.length > 0) sources.add(source);
      else if (inflight) inflight.add(source);
      else return false;
      return true;
    },
    async drain() {
      while ((queue.length > 0 || writing) && !closed) await flush();
    },
    get busy() {
      return queue.length > 0 || writing !== undefined;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (retry) {
        clearTimeout(retry.timer);
        retry.resolve();
      }
      if (queue.length > 0) options.log.error({ updates: queue.length }, "closed with notebook updates unwritten");
    },
  };
}
