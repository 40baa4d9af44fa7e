// One subscriber process of bench:live: opens its share of the socket.io connections,
// subscribes each to <watch> runs (client c follows runs c, c+1, … modulo the run count) and
// records the latency of every point it hears. The parent sends the commit time of each
// Labbook point over IPC (the baseline's payload carries its send time).
// Usage (by bench/live.ts): tsx bench/live-subscriber.ts <labbook|baseline> <url> <token> <clients> <runId,…> <watch> <first client>
import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE, LIVE_PATH, type PointsEvent } from "../lib/protocol/live";

const [mode, url, token, clientCount, runList, watchCount, firstClient] = process.argv.slice(2);
const runIds = (runList ?? "").split(",");
const watch = Number(watchCount ?? runIds.length);
let nextClient = Number(firstClient ?? 0);
const BUCKET_MS = 0.1;
const histogram = new Float64Array(100_000); // 0.1 ms buckets up to 10 s; the last bucket holds the rest
/** Commit time per `runId/key`, indexed by step. */
const commits = new Map<string, number[]>();
const commitOf = (id: string, step: number): number | undefined => commits.get(id)?.[step];
const unresolved: { id: string; step: number; at: number }[] = [];
/** Points heard per step (every run and key of a tick shares its steps). */
const pointsByStep = new Map<number, number>();
/** Events heard per first step. */
const eventsByStep = new Map<number, number>();
let counting = false;

const now = () => performance.timeOrigin + performance.now();
function record(latencyMs: number): void {
  histogram[Math.min(histogram.length - 1, Math.max(0, Math.floor(latencyMs / BUCKET_MS)))]! += 1;
}

type BenchEvent = PointsEvent & { sentAt?: number };
function onPoints(event: BenchEvent): void {
  if (!counting) return;
  const at = now();
  const first = event.steps[0] ?? -1;
  eventsByStep.set(first, (eventsByStep.get(first) ?? 0) + 1);
  for (const step of event.steps) pointsByStep.set(step, (pointsByStep.get(step) ?? 0) + 1);
  if (mode === "baseline") {
    for (let i = 0; i < event.steps.length; i++) record(at - (event.sentAt ?? at));
    return;
  }
  const id = `${event.runId}/${event.key}`;
  const known = commits.get(id);
  for (const step of event.steps) {
    const committedAt = known?.[step];
    if (committedAt === undefined) unresolved.push({ id, step, at });
    else record(at - committedAt);
  }
}

type Message = { type: "commits"; items: [string, number, number, number][] } | { type: "start" } | { type: "stop"; fromStep: number; toStep: number };
process.on("message", (message: Message) => {
  if (message.type === "commits") {
    for (const [id, from, to, committedAt] of message.items) {
      let times = commits.get(id);
      if (!times) commits.set(id, (times = []));
      for (let step = from; step <= to; step++) times[step] = committedAt;
    }
  } else if (message.type === "start") counting = true;
  else {
    counting = false;
    let lost = 0;
    for (const u of unresolved) {
      const committedAt = commitOf(u.id, u.step);
      if (committedAt === undefined) lost++;
      else record(u.at - committedAt);
    }
    // Only points produced in the measured window count as deliveries.
    let points = 0;
    for (const [step, n] of pointsByStep) if (step >= message.fromStep && step <= message.toStep) points += n;
    let events = 0;
    for (const [step, n] of eventsByStep) if (step >= message.fromStep && step <= message.toStep) events += n;
    const buckets: [number, number][] = [];
    histogram.forEach((count, bucket) => count > 0 && buckets.push([bucket, count]));
    process.send?.({ type: "result", points, events, buckets, unmatched: lost });
    for (const socket of sockets) socket.close();
    setTimeout(() => process.exit(0), 100).unref();
  }
});

const sockets: Socket[] = [];
async function connect(): Promise<void> {
  const client = nextClient++;
  const socket = io(mode === "baseline" ? url : `${url}${LIVE_NAMESPACE}`, {
    path: mode === "baseline" ? "/socket.io/" : LIVE_PATH,
    transports: ["websocket"],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  socket.on("points", onPoints);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  for (let j = 0; j < watch; j++) {
    const runId = runIds[(client + j) % runIds.length];
    const ack = (await socket.timeout(30_000).emitWithAck("subscribe", { runId })) as unknown;
    if (JSON.stringify(ack) !== '{"ok":true}') throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  }
}

async function main(): Promise<void> {
  for (let i = 0; i < Number(clientCount); i += 10) await Promise.all(Array.from({ length: Math.min(10, Number(clientCount) - i) }, connect));
  process.send?.({ type: "ready" });
}

main().catch((error: unknown) => {
  process.stderr.write(`subscriber failed: ${String(error)}\n`);
  process.exit(1);
});
