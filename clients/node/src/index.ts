/**
 * Labbook logging client for Node: `const run = await labbook.init({ project: "ws/proj", config })`,
 * `run.log({ "train/loss": 0.3 })`, `await run.finish()`.
 *
 * Zero dependencies. Logging never blocks on the network or throws into training code: an
 * unref'd timer batches points, retries with backoff, and keeps whatever the server has not
 * received in a spool file that `npx labbook-sync` (or `labbook.sync()`) uploads later.
 */

import { init } from "./run.js";
import { sync } from "./sync.js";

export { init, LabbookError, Run, type InitOptions, type Metrics, type MetricValue } from "./run.js";
export { sync, type SyncedFile, type SyncOptions, type SyncResult } from "./sync.js";
export type { Logger } from "./logger.js";
export type { FinalStatus, JsonObject, JsonValue } from "./records.js";
export { VERSION as version } from "./version.js";

/** `import labbook from "labbook-client"` works as well as `import * as labbook from …`. */
export default { init, sync };
