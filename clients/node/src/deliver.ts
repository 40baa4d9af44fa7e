/** Sending recorded requests to the server: shared by the background uploader and `sync`. */

import { RequestFailed, type Transport } from "./http.js";
import type { Logger } from "./logger.js";
import type { CreateRunBody, CreatedRecord, RunRecord, SpoolRecord } from "./records.js";
import type { SpoolLine } from "./spool.js";
import { pointCount } from "./values.js";

/** What this client knows of its run on the server; `id` is undefined until the run exists. */
export class RunRef {
  id: string | undefined;
  url: string | undefined;
  name: string | undefined;

  constructor(init: { id?: string | undefined; url?: string | undefined; name?: string | undefined } = {}) {
    this.id = init.id;
    this.url = init.url;
    this.name = init.name;
  }

  /** Takes the id from a spool header or `created` record, if it carries one. */
  learn(record: RunRecord | CreatedRecord): void {
    if (this.id !== undefined || !record.runId) return;
    this.id = record.runId;
    this.url = record.runUrl ?? undefined;
    if (record.type === "created" && record.name) this.name = record.name;
  }
}

/** A record for messages: "a batch of 10000 points (…)", "a params update". */
export function describe(record: SpoolRecord): string {
  switch (record.type) {
    case "metrics":
      return `a batch of ${pointCount(record)} points (${record.batchId})`;
    case "run":
      return "the run's creation";
    default:
      return `a ${record.type} update`;
  }
}

interface CreateAnswer {
  id: string;
  url?: string;
  name?: string;
}

function isCreateAnswer(value: unknown): value is CreateAnswer {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string";
}

/** Applies spool records (and live ones of the same shape) to the run through the API. */
export class Deliverer {
  /** Points sent, counting resends. */
  pointsSent = 0;
  /** Points the server stored for the first time (not replays of a batch it already had). */
  pointsAccepted = 0;
  readonly #transport: Transport;
  readonly #ref: RunRef;
  readonly #logger: Logger;
  readonly #onCreated: ((created: CreatedRecord) => void) | undefined;

  constructor(transport: Transport, ref: RunRef, logger: Logger, onCreated?: (created: CreatedRecord) => void) {
    this.#transport = transport;
    this.#ref = ref;
    this.#logger = logger;
    this.#onCreated = onCreated;
  }

  /** Creates the run; rejects with RequestFailed. */
  async createRun(body: CreateRunBody, timeoutMs?: number): Promise<CreatedRecord> {
    const answer = await this.#transport.request("POST", "/api/v1/runs", body, timeoutMs);
    if (!isCreateAnswer(answer)) throw new RequestFailed("POST /api/v1/runs: the answer has no run id", { action: "retry" });
    const created: CreatedRecord = { type: "created", runId: answer.id, runUrl: answer.url ?? null, name: answer.name ?? null };
    this.#ref.id = answer.id;
    this.#ref.url = answer.url;
    this.#ref.name = answer.name ?? this.#ref.name;
    this.#onCreated?.(created);
    return created;
  }

  /** Sends one record; rejects with RequestFailed. */
  async apply(record: SpoolRecord, timeoutMs?: number): Promise<void> {
    if (record.type === "run" || record.type === "created") {
      this.#ref.learn(record);
      if (record.type === "run" && this.#ref.id === undefined) await this.createRun(record.create, timeoutMs);
      return;
    }
    const runId = this.#ref.id;
    if (runId === undefined) throw new RequestFailed("the run does not exist yet", { action: "drop" });
    const base = `/api/v1/runs/${encodeURIComponent(runId)}`;
    switch (record.type) {
      case "metrics": {
        const answer = await this.#transport.request("POST", `${base}/metrics`, { batchId: record.batchId, series: record.series }, timeoutMs);
        this.pointsSent += pointCount(record);
        const { accepted, replayed } = (answer ?? {}) as { accepted?: unknown; replayed?: unknown };
        if (replayed !== true && typeof accepted === "number") this.pointsAccepted += accepted;
        return;
      }
      case "params":
        await this.#transport.request("POST", `${base}/params`, { params: record.params }, timeoutMs);
        return;
      case "tags":
        await this.#transport.request("PUT", `${base}/tags`, { tags: record.tags }, timeoutMs);
        return;
      case "status":
        await this.#transport.request("PATCH", base, { status: record.status }, timeoutMs);
        return;
    }
  }

  /**
   * Sends records in order, marking each delivered offset; resolves to the failure that
   * stopped it, or undefined when all went. A refused record (400, 409, …) is dropped with
   * a warning and delivery goes on; a refused run creation stops it, since nothing after it
   * can land.
   */
  async deliver(
    lines: Iterable<SpoolLine>,
    mark: (offset: number) => void,
    timeoutMs: () => number | undefined = () => undefined,
    onSuccess: () => void = () => {},
  ): Promise<RequestFailed | undefined> {
    for (const { record, end } of lines) {
      if (record !== undefined) {
        try {
          await this.apply(record, timeoutMs());
          onSuccess();
        } catch (error) {
          if (!(error instanceof RequestFailed)) throw error;
          if (error.action !== "drop" || record.type === "run") return error;
          this.#logger.warn(`the server refused ${describe(record)} and it was dropped: ${error.message}`);
        }
      }
      mark(end);
    }
    return undefined;
  }
}
