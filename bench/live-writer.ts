// The writer process of bench:live: every run posts one columnar batch per tick over HTTP,
// like a training script would, from `go` until `stop`; reports the steps it produced
// between `start` and `stop`.
// Usage (by bench/live.ts): tsx bench/live-writer.ts <url> <api key> <runId,…> <keys> <steps> <hz>
const [url, key, runList, keyCount, stepCount, rate] = process.argv.slice(2);
const runIds = (runList ?? "").split(",");
const keys = Array.from({ length: Number(keyCount) }, (_, i) => `metric/${i}`);
const steps = Number(stepCount);
const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };

let step = 0;
let failed = 0;
let inFlight = 0;
let fromStep = 0;

function tick(): void {
  const first = step;
  step += steps;
  for (const runId of runIds) {
    const series = keys.map((k) => ({ key: k, steps: Array.from({ length: steps }, (_, i) => first + i), values: Array.from({ length: steps }, () => Math.random()) }));
    inFlight++;
    fetch(`${url}/api/v1/runs/${runId}/metrics`, { method: "POST", headers, body: JSON.stringify({ series }) })
      .then(async (res) => {
        if (!res.ok) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      })
      .catch((error: unknown) => {
        failed++;
        process.stderr.write(`send failed: ${String(error)}\n`);
      })
      .finally(() => inFlight--);
  }
}

let timer: NodeJS.Timeout | undefined;
process.on("message", (message: { type: "go" | "start" | "stop" }) => {
  if (message.type === "go") timer = setInterval(tick, 1000 / Number(rate));
  else if (message.type === "start") fromStep = step;
  else if (message.type === "stop") {
    clearInterval(timer);
    const toStep = step - 1;
    const done = setInterval(() => {
      if (inFlight > 0) return;
      clearInterval(done);
      process.send?.({ type: "result", fromStep, toStep, offered: ((toStep - fromStep + 1) / steps) * runIds.length * keys.length * steps, failed });
      setTimeout(() => process.exit(0), 50).unref();
    }, 10);
  }
});
// Nothing else keeps this process alive until the parent says go.
process.channel?.ref();
process.send?.({ type: "ready" });
