// One ingest client process: posts `batches` batches of columnar points to one run and
// prints a JSON line with its per-batch latencies.
import { randomUUID } from "node:crypto";

const [url, key, runId, batchesArg, pointsArg, keysArg] = process.argv.slice(2);
const batches = Number(batchesArg);
const pointsPerBatch = Number(pointsArg);
const keyCount = Number(keysArg);
const perKey = Math.floor(pointsPerBatch / keyCount);

const latencies: number[] = [];
let step = 0;
for (let b = 0; b < batches; b++) {
  const steps = Array.from({ length: perKey }, (_, i) => step + i);
  step += perKey;
  const series = Array.from({ length: keyCount }, (_, k) => ({ key: `metric/${k}`, steps, values: steps.map((s) => Math.sin(s / 50 + k)) }));
  const body = JSON.stringify({ batchId: randomUUID(), series });
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/runs/${runId}/metrics`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`batch ${b}: ${response.status} ${text}`);
  latencies.push(performance.now() - started);
}
process.stdout.write(`${JSON.stringify({ latencies, points: batches * perKey * keyCount })}\n`);
