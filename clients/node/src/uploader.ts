/**
 * The background uploader: batches what the run logs and gets it to the server or the spool.
 *
 * Invariant: every point and update is, at any moment, in exactly one of the inbox
 * (memory), `#current` (the one record being sent), the spool file or the server. A record
 * leaves `#current` only once the server answered 2xx, refused it, or it is in the spool;
 * spooled records leave the spool only in order, once delivered. Batch ids make any record
 * that is sent twice (a lost answer, a resend from the spool) land once.
 *
 * Everything runs on the event loop: `cycle()`s are chained so one runs at a time, driven
 * by an unref'd timer (so an idle uploader never keeps the process alive) and by `flush()`
 * and `close()`, whose callers await them.
 */

import { backoffDelay, MAX_MS, sleep } from "./backoff.js";
import { Deliverer, describe, type RunRef } from "./deliver.js";
import { RequestFailed, type Transport } from "./http.js";
import { errorText, type Logger } from "./logger.js";
import type { CreatedRecord, MetricsRecord, SpoolRecord, UpdateRecord } from "./records.js";
import type { Spool } from "./spool.js";
import { BATCH_MAX_POINTS, metricsRecord, pointCount, splitBatches, type Point } from "./values.js";

export type UploaderState = "online" | "offline" | "halted";

export const FLUSH_INTERVAL_MS = 250;
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** Points held in memory before `log()` spills them to the spool itself. */
export const MAX_QUEUE_POINTS = 200_000;
/** While finishing and failing, the longest wait between attempts. */
export const FINISH_RETRY_CAP_MS = 2_000;

export interface UploaderOptions {
  logger: Required<Logger>;
  /** `offline` mode: never contact the server; everything goes to the spool. */
  offline?: boolean;
  /** Whether the run was created (else the spool header creates it when the server is back). */
  connected?: boolean;
  finishTimeoutMs?: number;
  retryMaxMs?: number;
  maxQueuePoints?: number;
  flushIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** How `sync` is spelled in messages. */
  syncCommand?: string;
}

type Item = Point | UpdateRecord;
type Outgoing = MetricsRecord | UpdateRecord;

const isUpdate = (item: Item): item is UpdateRecord => "type" in item;

/** Owns the inbox, the spool and the loop that empties them. */
export class Uploader {
  readonly transport: Transport;
  readonly ref: RunRef;
  readonly spool: Spool;
  state: UploaderState;

  readonly #logger: Required<Logger>;
  readonly #deliverer: Deliverer;
  readonly #offlineMode: boolean;
  readonly #finishTimeoutMs: number;
  readonly #retryMaxMs: number;
  readonly #maxQueuePoints: number;
  readonly #flushIntervalMs: number;
  readonly #heartbeatIntervalMs: number;
  readonly #syncCommand: string;

  #inbox: Item[] = [];
  #inboxPoints = 0;
  #current: Outgoing | undefined;
  #closed = false;
  #finishing = false;
  #abandoned = false;
  #spilledWarned = false;
  #attempts: number;
  #nextAttempt: number;
  #nextHeartbeat: number;
  #deadline = Infinity;
  #timer: NodeJS.Timeout | undefined;
  #timerDue = 0;
  #chain: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;

  constructor(transport: Transport, ref: RunRef, spool: Spool, options: UploaderOptions) {
    this.transport = transport;
    this.ref = ref;
    this.spool = spool;
    this.#logger = options.logger;
    this.#offlineMode = options.offline ?? false;
    this.#finishTimeoutMs = options.finishTimeoutMs ?? 3_000;
    this.#retryMaxMs = options.retryMaxMs ?? MAX_MS;
    this.#maxQueuePoints = options.maxQueuePoints ?? MAX_QUEUE_POINTS;
    this.#flushIntervalMs = options.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS;
    this.#syncCommand = options.syncCommand ?? "npx labbook-sync";
    this.#deliverer = new Deliverer(transport, ref, this.#logger, (created) => this.#created(created));
    const connected = options.connected ?? true;
    this.state = this.#offlineMode ? "halted" : connected ? "online" : "offline";
    this.#attempts = connected ? 0 : 1;
    this.#nextAttempt = connected ? 0 : Date.now() + backoffDelay(0, { capMs: this.#retryMaxMs });
    this.#nextHeartbeat = Date.now() + this.#heartbeatIntervalMs;
  }

  // ── called by the run ──────────────────────────────────────────────────────────────

  start(): void {
    this.#schedule(this.#flushIntervalMs);
  }

  /** Points waiting in memory. */
  get queuedPoints(): number {
    return this.#inboxPoints + (this.#current?.type === "metrics" ? pointCount(this.#current) : 0);
  }

  /** Enqueues points; never waits for the network. Spills to the spool when far behind. */
  putPoints(points: Point[]): void {
    if (points.length === 0 || this.#closed) return;
    for (const point of points) this.#inbox.push(point);
    this.#inboxPoints += points.length;
    if (this.#inboxPoints > this.#maxQueuePoints) this.#spill();
    else if (this.#inboxPoints >= BATCH_MAX_POINTS) this.#schedule(0);
  }

  /** Enqueues a params, tags or status update, in order with the points. */
  putUpdate(record: UpdateRecord, final = false): void {
    if (this.#closed && !final) return;
    this.#inbox.push(record);
    this.#schedule(0);
  }

  /** Sends what is queued (or spools it when the server cannot be reached) and resolves when done. */
  flush(): Promise<void> {
    return this.#runCycle(true);
  }

  /**
   * Sends what is left, giving up after the finish timeout without progress (the rest stays
   * in the spool, with a warning). Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    this.#finishing = true;
    this.#deadline = Date.now() + this.#finishTimeoutMs;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      for (;;) {
        await this.#runCycle(true);
        if (this.#abandoned || this.#done()) break;
        const now = Date.now();
        // Online with work left means the last cycle made progress: go on at once.
        await sleep(this.state === "online" ? 0 : Math.min(FINISH_RETRY_CAP_MS, this.#nextAttempt - now, this.#deadline - now));
      }
    } finally {
      clearTimeout(this.#timer);
      if (!this.#abandoned) {
        this.#reportLeftovers();
        this.spool.close();
      }
    }
  }

  /**
   * For the process's `exit` event, where nothing asynchronous runs: moves everything still
   * in memory (and `final`, e.g. the run's status) to the spool synchronously.
   */
  abandon(final?: UpdateRecord): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    this.#closed = true;
    clearTimeout(this.#timer);
    const items: (Item | Outgoing)[] = [...(this.#current ? [this.#current] : []), ...this.#inbox];
    if (final) items.push(final);
    this.#current = undefined;
    this.#inbox = [];
    this.#inboxPoints = 0;
    if (items.length > 0 || this.spool.hasBacklog()) {
      this.#writeSpool(toRecords(items));
      this.#reportLeftovers(true);
    }
    this.spool.close();
  }

  // ── the loop ───────────────────────────────────────────────────────────────────────

  /** Makes sure a cycle runs within `ms` (keeping an earlier one). */
  #schedule(ms: number): void {
    if (this.#abandoned || this.#finishing) return;
    const due = Date.now() + ms;
    if (this.#timer !== undefined && this.#timerDue <= due) return;
    clearTimeout(this.#timer);
    this.#timerDue = due;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    await this.#runCycle(false);
    this.#schedule(this.#flushIntervalMs);
  }

  /** Runs a cycle after the ones already started; never rejects. */
  #runCycle(force: boolean): Promise<void> {
    const next = this.#chain.then(() => this.#cycle(force));
    this.#chain = next;
    return next;
  }

  async #cycle(force: boolean): Promise<void> {
    if (this.#abandoned) return;
    try {
      await this.#pump();
      if (this.state !== "halted" && this.spool.hasBacklog() && (force || this.#finishing || Date.now() >= this.#nextAttempt)) await this.#drain();
      await this.#heartbeatIfDue();
    } catch (error) {
      // A bug here must not lose data or reject a promise nobody handles: keep it queued.
      this.#logger.warn(`unexpected error in the uploader; the data stays queued: ${errorText(error)}`);
      this.#goOffline(undefined);
    }
  }

  #done(): boolean {
    if (this.#inbox.length === 0 && this.#current === undefined && !this.spool.hasBacklog()) return true;
    if (this.state === "halted" || Date.now() >= this.#deadline) {
      this.#spoolAll(); // normally already done by #pump; never leave data only in memory
      return true;
    }
    return false;
  }

  /** The next record from the inbox: up to a batch of points, or one update. */
  #take(): Outgoing | undefined {
    const first = this.#inbox[0];
    if (first === undefined) return undefined;
    if (isUpdate(first)) {
      this.#inbox.shift();
      return first;
    }
    let count = 0;
    while (count < this.#inbox.length && count < BATCH_MAX_POINTS && !isUpdate(this.#inbox[count] as Item)) count++;
    const points = this.#inbox.splice(0, count) as Point[];
    this.#inboxPoints -= points.length;
    return metricsRecord(points);
  }

  /** Sends the inbox in order while the server answers; otherwise moves it to the spool. */
  async #pump(): Promise<void> {
    while (!this.#abandoned) {
      if (this.state !== "online" || this.ref.id === undefined || this.spool.hasBacklog()) {
        this.#spoolAll();
        return;
      }
      this.#current ??= this.#take();
      const record = this.#current;
      if (record === undefined) return;
      try {
        await this.#deliverer.apply(record, this.#requestTimeout());
        this.#contact();
      } catch (error) {
        if (!(error instanceof RequestFailed)) throw error;
        if (error.action === "retry") {
          this.#goOffline(error);
          continue;
        }
        if (error.action === "halt") {
          this.#halt(error);
          continue;
        }
        this.#logger.warn(`the server refused ${describe(record)} and it was dropped: ${error.message}`);
      }
      if (this.#current === record) this.#current = undefined;
    }
  }

  #spoolAll(): void {
    const items: (Item | Outgoing)[] = [...(this.#current ? [this.#current] : []), ...this.#inbox];
    this.#current = undefined;
    this.#inbox = [];
    this.#inboxPoints = 0;
    if (items.length > 0) this.#writeSpool(toRecords(items));
  }

  /** Far behind (a slow or unreachable server, or a long synchronous loop): points go to disk. */
  #spill(): void {
    if (!this.#spilledWarned) {
      this.#spilledWarned = true;
      this.#logger.warn(`uploading is behind (${this.#inboxPoints} points waiting); keeping them in ${this.spool.path} until sent`);
    }
    // Only the record being sent can end up behind these (if its request fails): points
    // carry their steps and batch ids, so the order of batches does not matter.
    const items = this.#inbox;
    this.#inbox = [];
    this.#inboxPoints = 0;
    this.#writeSpool(toRecords(items));
    this.#schedule(0);
  }

  #writeSpool(records: SpoolRecord[]): void {
    if (records.length === 0) return;
    try {
      this.spool.append(records);
    } catch (error) {
      const points = records.reduce((n, r) => n + (r.type === "metrics" ? pointCount(r) : 0), 0);
      this.#logger.warn(`could not write the spool ${this.spool.path} (${errorText(error)}); ${points} points and ${records.length} records are lost`);
    }
  }

  /** Delivers the spool in order; when it is all delivered the file goes and we are online. */
  async #drain(): Promise<void> {
    while (!this.#abandoned) {
      const lines = this.spool.readUnsent();
      if (lines.length === 0) {
        if (this.spool.discardIfDelivered()) {
          if (this.state === "offline") this.#logger.warn(`reconnected to ${this.transport.url}; the spooled data is uploaded`);
          this.state = "online";
          this.#attempts = 0;
        }
        return;
      }
      const failure = await this.#deliverer.deliver(
        lines,
        (offset) => this.spool.markSent(offset),
        () => this.#requestTimeout(),
        () => this.#contact(),
      );
      if (failure === undefined) continue;
      if (failure.action === "retry") this.#goOffline(failure);
      else this.#halt(failure);
      return;
    }
  }

  async #heartbeatIfDue(): Promise<void> {
    const now = Date.now();
    if (this.state !== "online" || this.ref.id === undefined || now < this.#nextHeartbeat) return;
    this.#nextHeartbeat = now + this.#heartbeatIntervalMs;
    try {
      await this.transport.request("POST", `/api/v1/runs/${encodeURIComponent(this.ref.id)}/heartbeat`, {}, this.#requestTimeout());
    } catch (error) {
      this.#logger.debug(`heartbeat failed: ${errorText(error)}`);
    }
  }

  // ── state ──────────────────────────────────────────────────────────────────────────

  #requestTimeout(): number {
    if (!this.#finishing) return this.transport.timeoutMs;
    return Math.min(this.transport.timeoutMs, Math.max(2_000, this.#deadline - Date.now()));
  }

  /** The server answered: the next heartbeat can wait, and finishing gets more time. */
  #contact(): void {
    const now = Date.now();
    this.#nextHeartbeat = now + this.#heartbeatIntervalMs;
    if (this.#finishing) this.#deadline = Math.max(this.#deadline, now + this.#finishTimeoutMs);
  }

  #goOffline(failure: RequestFailed | undefined): void {
    if (this.state === "online" && failure !== undefined) {
      this.#logger.warn(`cannot reach ${this.transport.url} (${failure.message}); keeping data in ${this.spool.path} and retrying in the background`);
    }
    if (this.state !== "halted") this.state = "offline";
    const delay = backoffDelay(this.#attempts, { capMs: this.#retryMaxMs, retryAfterMs: failure?.retryAfterMs });
    this.#attempts++;
    this.#nextAttempt = Date.now() + delay;
  }

  #halt(failure: RequestFailed): void {
    if (this.state !== "halted") {
      this.#logger.warn(
        `${this.transport.url} refused this run (${failure.message}); no more uploads from this process. ` +
          `The data is kept in ${this.spool.path}: fix the cause, then run \`${this.#syncCommand}\``,
      );
    }
    this.state = "halted";
  }

  #created(created: CreatedRecord): void {
    this.#logger.warn(`the server is back; run created at ${created.runUrl ?? created.runId}`);
    this.#writeSpool([created]);
  }

  #reportLeftovers(exiting = false): void {
    if (!this.spool.hasBacklog()) return;
    if (this.#offlineMode) {
      this.#logger.warn(`offline run saved to ${this.spool.path}; upload it with \`${this.#syncCommand}\``);
    } else {
      const why = exiting ? "the process exited before the run finished" : `not everything reached ${this.transport.url}`;
      this.#logger.warn(`${why}; the rest is in ${this.spool.path}. Upload it with \`${this.#syncCommand}\``);
    }
  }
}

/** Queue items as spool records: runs of points become batches; updates keep their place. */
function toRecords(items: readonly (Item | Outgoing)[]): SpoolRecord[] {
  const records: SpoolRecord[] = [];
  let points: Point[] = [];
  for (const item of items) {
    if ("type" in item) {
      if (points.length > 0) records.push(...splitBatches(points));
      points = [];
      records.push(item);
    } else {
      points.push(item);
    }
  }
  if (points.length > 0) records.push(...splitBatches(points));
  return records;
}
