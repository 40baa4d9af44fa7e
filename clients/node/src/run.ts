/** `labbook.init` and the Run it returns. */

import { randomUUID } from "node:crypto";
import path from "node:path";
import { backoffDelay, sleep } from "./backoff.js";
import { RunRef } from "./deliver.js";
import { exitStatus, trackForExit } from "./exit-hooks.js";
import { RequestFailed, Transport } from "./http.js";
import { consoleLogger, errorText, prefixed, type Logger } from "./logger.js";
import { FINAL_STATUSES, type CreateRunBody, type FinalStatus, type JsonObject, type StatusRecord } from "./records.js";
import { collectRepro } from "./repro.js";
import { defaultSpoolDir, headerRecord, Spool } from "./spool.js";
import { Uploader } from "./uploader.js";
import { capParam, checkStep, checkTags, chunkParams, configToParams, describeType, encodeValue, forEachLeaf, keyProblem, StepCounter, type EncodedValue, type Point } from "./values.js";

export const DEFAULT_URL = "http://localhost:3000";
/** How long one attempt to create the run may take (a slow server must not make a second run). */
export const INIT_REQUEST_TIMEOUT_MS = 10_000;
const SYNC_COMMAND = "npx labbook-sync";

/** A metric value: NaN and ±Infinity are kept; booleans are 0/1. */
export type MetricValue = number | bigint | boolean;
/** What `run.log` takes: keys to values; nested objects become `outer/inner` keys. */
export interface Metrics {
  readonly [key: string]: MetricValue | Metrics;
}

export interface InitOptions {
  /** `"<workspace>/<project>"`; created if missing (you need the editor role). Default: `LABBOOK_PROJECT`. */
  project?: string | undefined;
  /** The run's name; the server picks one when absent. */
  name?: string | undefined;
  /** The run's params (hyperparameters): any object; NaN, bigints, dates and the like are converted. */
  config?: object | undefined;
  tags?: readonly string[] | undefined;
  notes?: string | undefined;
  group?: string | undefined;
  /** Recorded in `repro.seed`. */
  seed?: unknown;
  /** Default: `LABBOOK_URL`, else http://localhost:3000. */
  url?: string | undefined;
  /** Default: `LABBOOK_API_KEY`. */
  apiKey?: string | undefined;
  /** `online` (default, or `LABBOOK_MODE`), or `offline`: everything goes to the spool for a later sync. */
  mode?: "online" | "offline" | undefined;
  /** Default: `LABBOOK_SPOOL_DIR`, else `~/.labbook/spool`. */
  spoolDir?: string | undefined;
  /** Record git state, command, runtime, host and packages in `repro` (default true). */
  captureRepro?: boolean | undefined;
  /** Where warnings go (default `console.warn`). */
  logger?: Logger | undefined;
  /** Finish the run as `killed` on SIGINT/SIGTERM, then let the signal do what it would have done. Default false. */
  handleSignals?: boolean | undefined;
  /** How long `init` tries to create the run before going on offline. Default: `LABBOOK_INIT_TIMEOUT` seconds, else 2 s. */
  initTimeoutMs?: number | undefined;
  /** How long `finish` retries an unreachable server before leaving the rest in the spool. Default: `LABBOOK_FINISH_TIMEOUT` seconds, else 3 s. */
  finishTimeoutMs?: number | undefined;
  /** Longest wait between retries while the server is unreachable. Default: `LABBOOK_RETRY_MAX_SECONDS`, else 30 s. */
  retryMaxMs?: number | undefined;
}

/** The server refused to start the run (bad API key, no access, invalid input). */
export class LabbookError extends Error {
  override readonly name = "LabbookError";
  /** The HTTP status of the refusal. */
  readonly status: number | undefined;

  constructor(message: string, status: number | undefined, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.status = status;
  }
}

/** A run being logged. Create it with `labbook.init`. Once created, nothing it does throws. */
export class Run implements AsyncDisposable {
  /** `"<workspace>/<project>"`. */
  readonly project: string;
  readonly #ref: RunRef;
  readonly #uploader: Uploader;
  readonly #logger: Required<Logger>;
  readonly #steps = new StepCounter();
  readonly #validKeys = new Set<string>();
  readonly #warned = new Set<string>();
  #finished = false;
  #finishing: Promise<void> | undefined;
  #untrack: () => void = () => {};

  /** @internal Use `labbook.init`. */
  constructor(ref: RunRef, project: string, uploader: Uploader, logger: Required<Logger>) {
    this.#ref = ref;
    this.project = project;
    this.#uploader = uploader;
    this.#logger = logger;
  }

  /** The run's id on the server; undefined while the server has not been reached. */
  get id(): string | undefined {
    return this.#ref.id;
  }

  /** The run's page; undefined while the server has not been reached. */
  get url(): string | undefined {
    return this.#ref.url;
  }

  get name(): string | undefined {
    return this.#ref.name;
  }

  /** Where this run keeps what the server has not received yet. */
  get spoolPath(): string {
    return this.#uploader.spool.path;
  }

  /**
   * Queues metric values and returns at once. `step` defaults to each key's next step (one
   * past its highest). Values that are not numbers are skipped with a warning.
   */
  log(data: Metrics, options: { step?: number | undefined } = {}): void {
    try {
      if (!this.#usable("log")) return;
      let step: number | undefined;
      if (options.step !== undefined) {
        try {
          step = checkStep(options.step);
        } catch (error) {
          this.#warnOnce(`log() skipped: ${errorText(error)}`, `step:${errorText(error)}`);
          return;
        }
      }
      const ts = Date.now();
      const points: Point[] = [];
      const mapping = forEachLeaf(data, (key, value) => {
        if (!this.#validKeys.has(key)) {
          const problem = keyProblem(key);
          if (problem) {
            this.#warnOnce(`skipping key ${JSON.stringify(key)}: ${problem}`, `key:${key}`);
            return;
          }
          this.#validKeys.add(key);
        }
        let encoded: EncodedValue;
        try {
          encoded = encodeValue(value);
        } catch (error) {
          this.#warnOnce(`skipping ${JSON.stringify(key)}: ${errorText(error)}`, `value:${key}`);
          return;
        }
        points.push({ key, step: this.#steps.assign(key, step), value: encoded, ts });
      });
      if (!mapping) this.#warnOnce(`log() takes an object of key → number, got ${describeType(data)}`, `type:${describeType(data)}`);
      else this.#uploader.putPoints(points);
    } catch (error) {
      this.#logger.warn(`log() failed: ${errorText(error)}`);
    }
  }

  /** Adds params (hyperparameters). Params are write-once per key: a different value later is refused and dropped with a warning. */
  logParams(params: object): void {
    try {
      if (!this.#usable("logParams")) return;
      for (const chunk of chunkParams(cappedParams(configToParams(params), this.#logger))) this.#uploader.putUpdate({ type: "params", params: chunk });
    } catch (error) {
      this.#logger.warn(`logParams() failed: ${errorText(error)}`);
    }
  }

  /** Replaces the run's tags. */
  setTags(tags: readonly string[]): void {
    try {
      if (this.#usable("setTags")) this.#uploader.putUpdate({ type: "tags", tags: checkTags(tags) });
    } catch (error) {
      this.#logger.warn(`setTags() failed: ${errorText(error)}`);
    }
  }

  /** Sends what is queued now; resolves once it is on the server, or in the spool if the server cannot be reached. */
  async flush(): Promise<void> {
    try {
      await this.#uploader.flush();
    } catch (error) {
      this.#logger.warn(`flush() failed: ${errorText(error)}`);
    }
  }

  /**
   * Marks the run ended (`finished` by default, or `failed`, `killed`) and resolves once
   * everything is uploaded or safely spooled. Calling it again returns the same promise.
   */
  finish(options: { status?: FinalStatus | undefined } = {}): Promise<void> {
    this.#finishing ??= this.#finish(options.status ?? "finished");
    return this.#finishing;
  }

  async #finish(status: FinalStatus): Promise<void> {
    if (!FINAL_STATUSES.includes(status)) {
      this.#logger.warn(`finish({ status: ${JSON.stringify(status)} }) is not one of ${FINAL_STATUSES.join(", ")}; using "finished"`);
      status = "finished";
    }
    this.#finished = true;
    try {
      this.#uploader.putUpdate({ type: "status", status }, true);
      await this.#uploader.close();
    } catch (error) {
      this.#logger.warn(`finish() failed: ${errorText(error)}`);
    } finally {
      this.#untrack();
    }
  }

  /** `await using run = await labbook.init(…)` finishes the run at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.finish();
  }

  /** @internal Wires the run to the process's end. */
  attachToProcess(handleSignals: boolean): void {
    this.#untrack = trackForExit({
      beforeExit: () => {
        if (this.#finishing === undefined) void this.finish({ status: exitStatus(process.exitCode) });
      },
      exit: (code) => {
        const final: StatusRecord | undefined = this.#finishing === undefined ? { type: "status", status: exitStatus(code) } : undefined;
        this.#finished = true;
        this.#uploader.abandon(final);
      },
    });
    if (!handleSignals) return;
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      void this.finish({ status: "killed" }).then(() => {
        // Nobody else listens: do what the signal would have done without us.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  #usable(method: string): boolean {
    if (!this.#finished) return true;
    this.#warnOnce(`${method}() after finish() is ignored`, `finished:${method}`);
    return false;
  }

  #warnOnce(message: string, key: string): void {
    if (this.#warned.has(key) || this.#warned.size > 1000) return;
    this.#warned.add(key);
    this.#logger.warn(message);
  }
}

function cappedParams(params: JsonObject, logger: Required<Logger>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(params)) {
    const capped = capParam(value);
    if (capped.truncated) logger.warn(`param ${JSON.stringify(key)} is too large for the server; keeping its first characters`);
    out[key] = capped.value;
  }
  return out;
}

/** A duration from an option, else an environment variable in seconds, else the default. */
function durationMs(option: number | undefined, variable: string, fallbackMs: number, logger: Required<Logger>): number {
  if (option !== undefined) {
    if (Number.isFinite(option) && option >= 0) return option;
    throw new TypeError(`${variable.replace("LABBOOK_", "").toLowerCase()} must be a number of milliseconds ≥ 0, got ${option}`);
  }
  const raw = process.env[variable];
  if (!raw) return fallbackMs;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  logger.warn(`ignoring ${variable}=${JSON.stringify(raw)} (expected seconds)`);
  return fallbackMs;
}

/** Tries to create the run within `budgetMs`; throws LabbookError if refused, false if unreachable. */
async function createRun(transport: Transport, ref: RunRef, body: CreateRunBody, budgetMs: number, logger: Required<Logger>): Promise<boolean> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = (await transport.request("POST", "/api/v1/runs", body, INIT_REQUEST_TIMEOUT_MS)) as { id?: unknown; url?: unknown; name?: unknown } | undefined;
      if (typeof answer?.id !== "string") throw new LabbookError(`${transport.url} answered without a run id`, undefined);
      ref.id = answer.id;
      ref.url = typeof answer.url === "string" ? answer.url : undefined;
      ref.name = typeof answer.name === "string" ? answer.name : ref.name;
      return true;
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error;
      if (error.action !== "retry") throw new LabbookError(`${transport.url} refused to start the run: ${error.message}`, error.status, error);
      const delay = backoffDelay(attempt, { retryAfterMs: error.retryAfterMs });
      if (Date.now() - started + delay > budgetMs) {
        logger.warn(`cannot reach ${transport.url} (${error.message}); logging goes on offline and the run is created when the server is back`);
        return false;
      }
      await sleep(delay);
    }
  }
}

/**
 * Starts a run and returns it. Settings not passed come from `LABBOOK_PROJECT`,
 * `LABBOOK_URL`, `LABBOOK_API_KEY`, `LABBOOK_MODE` and `LABBOOK_SPOOL_DIR`. Rejects with a
 * TypeError for bad arguments and a LabbookError when the server refuses the run; when the
 * server cannot be reached it resolves anyway, logging offline.
 */
export async function init(options: InitOptions = {}): Promise<Run> {
  const env = process.env;
  const logger = prefixed(options.logger ?? consoleLogger);
  const project = options.project ?? env["LABBOOK_PROJECT"];
  if (!project || !/^[^/]+\/[^/]+$/.test(project)) {
    throw new TypeError(`project must look like "<workspace>/<project>" (or set LABBOOK_PROJECT), got ${JSON.stringify(project)}`);
  }
  const mode = options.mode ?? env["LABBOOK_MODE"] ?? "online";
  if (mode !== "online" && mode !== "offline") throw new TypeError(`mode must be "online" or "offline", got ${JSON.stringify(mode)}`);
  const baseUrl = (options.url ?? env["LABBOOK_URL"] ?? DEFAULT_URL).replace(/\/+$/, "");
  if (!/^https?:\/\//.test(baseUrl)) throw new TypeError(`the Labbook URL must start with http:// or https://, got ${JSON.stringify(baseUrl)}`);
  const apiKey = options.apiKey ?? env["LABBOOK_API_KEY"];
  if (mode === "online" && !apiKey) throw new TypeError("no API key: pass apiKey or set LABBOOK_API_KEY (create one in Settings → API keys)");
  if (options.name !== undefined && (typeof options.name !== "string" || !options.name.trim())) throw new TypeError("name must be a non-empty string");
  const tags = options.tags === undefined ? [] : checkTags(options.tags);
  const paramChunks = chunkParams(cappedParams(configToParams(options.config), logger));
  const initTimeoutMs = durationMs(options.initTimeoutMs, "LABBOOK_INIT_TIMEOUT", 2_000, logger);
  const finishTimeoutMs = durationMs(options.finishTimeoutMs, "LABBOOK_FINISH_TIMEOUT", 3_000, logger);
  const retryMaxMs = Math.max(500, durationMs(options.retryMaxMs, "LABBOOK_RETRY_MAX_SECONDS", 30_000, logger));

  // The run's id is chosen here, so a create retried after a lost answer (or replayed from
  // the spool by `sync`) finds the same run instead of making a second one.
  const body: CreateRunBody = {
    id: randomUUID(),
    project,
    ...(options.name !== undefined && { name: options.name }),
    params: paramChunks[0] ?? {},
    tags,
    ...(options.notes !== undefined && { notes: String(options.notes) }),
    ...(options.group !== undefined && { group: String(options.group) }),
    repro: options.captureRepro === false ? (options.seed === undefined ? {} : collectSeed(options.seed)) : collectRepro({ seed: options.seed }),
  };

  const transport = new Transport(baseUrl, apiKey);
  const ref = new RunRef({ name: options.name });
  const connected = mode === "online" && (await createRun(transport, ref, body, initTimeoutMs, logger));
  const spoolDir = options.spoolDir === undefined ? defaultSpoolDir(env) : path.resolve(options.spoolDir);
  const spoolName = ref.id ?? `local-${randomUUID().replaceAll("-", "")}`;
  const spool = new Spool(path.join(spoolDir, `${spoolName}.jsonl`), () => headerRecord(baseUrl, body, ref.id, ref.url), logger);
  const uploader = new Uploader(transport, ref, spool, {
    logger,
    offline: mode === "offline",
    connected,
    finishTimeoutMs,
    retryMaxMs,
    syncCommand: SYNC_COMMAND,
  });
  if (!connected) {
    try {
      spool.append([]); // the header alone: `sync` can create the run even if the process dies now
    } catch (error) {
      logger.warn(`cannot write the spool ${spool.path} (${errorText(error)}); data logged before the server is back may be lost`);
    }
  }
  const run = new Run(ref, project, uploader, logger);
  for (const chunk of paramChunks.slice(1)) uploader.putUpdate({ type: "params", params: chunk });
  uploader.start();
  run.attachToProcess(options.handleSignals ?? false);
  return run;
}

function collectSeed(seed: unknown): JsonObject {
  const safe = configToParams({ seed })["seed"];
  return safe === undefined ? {} : { seed: safe };
}
