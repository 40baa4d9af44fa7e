// Compare-page benchmark: a fresh production server (`labbook serve`, embedded database) with
// --runs runs of --points points over two metric keys, logged through the API; Chromium opens
// the compare page of all of them and records, from navigation: when every curve is drawn,
// the main thread's long tasks (count, longest, total blocking time) and how long the page
// takes to answer input while it loads (mouse moves over the charts, as hovering does), then
// how long hiding a run from the legend takes to redraw. The baseline, in the same run: the
// same series (fetched beforehand at the resolution the page asked for) drawn by a bare page
// with the same Plotly bundle, one `Plotly.newPlot` of all traces per key.
// Usage: npm run build, then npm run bench:compare [-- --runs 120 --points 2000 --repeat 3 --profile]
import { execSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    runs: { type: "string", default: "120" },
    points: { type: "string", default: "2000" },
    repeat: { type: "string", default: "1" },
    profile: { type: "boolean", default: false },
  },
});
const RUNS = Number(flags.runs);
const POINTS = Number(flags.points);
const REPEAT = Math.max(1, Number(flags.repeat));
const KEYS = ["train/loss", "val/acc"] as const;
/** What a series request of the page asks for per chunk (use-metric-series.ts). */
const RUNS_PER_REQUEST = 20;
const VIEWPORT = { width: 1280, height: 900 };
const LONG_TASK_MS = 50;
/** After everything is drawn, stragglers (secondary figures, hover setup) are still counted this long. */
const SETTLE_MS = 1_500;
const PROBE_EVERY_MS = 100;
const say = (s: string) => process.stdout.write(`${s}\n`);
const progress = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const owner = { name: "Bench Owner", email: "bench@example.com", password: "correct horse battery", workspaceName: "Bench" };
const WORKSPACE = "bench";
const PROJECT = "compare";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`Labbook did not become healthy at ${url}:\n${fs.readFileSync(logFile, "utf8").slice(-3000)}`);
}

/** Fills the setup form, as the first visitor of a fresh instance does; the context is then the owner's. */
async function setUp(context: BrowserContext, url: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${url}/`);
  await page.waitForURL(/\/setup$/);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByLabel("Workspace name").fill(owner.workspaceName);
  await page.getByLabel("Workspace name").press("Enter");
  await page.waitForURL(`${url}/${WORKSPACE}`);
  await page.close();
}

/** A training-like curve: noisy decay with one spike the downsampling must keep. */
function curve(run: number, key: string): number[] {
  const scale = 0.5 + (run % 17) / 17;
  let seed = run * 7919 + key.length;
  const noise = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648 - 0.5;
  };
  const spikeAt = 100 + ((run * 37) % (POINTS - 200));
  return Array.from({ length: POINTS }, (_, i) => {
    const base = key === "val/acc" ? 1 - scale * Math.exp(-i / 400) * 0.5 : scale * Math.exp(-i / 500);
    return base + noise() * 0.05 + (i === spikeAt ? 3 : 0);
  });
}

async function seed(context: BrowserContext, url: string): Promise<string[]> {
  const created = await context.request.post(`${url}/api/v1/api-keys`, { data: { name: "bench" }, headers: { origin: url } });
  if (created.status() !== 201) throw new Error(`Creating an API key answered ${created.status()}: ${await created.text()}`);
  const { key } = (await created.json()) as { key: string };
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const call = async (method: string, route: string, body: unknown) => {
    const response = await fetch(`${url}/api/v1${route}`, { method, headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
    return response.json() as Promise<{ id?: string }>;
  };
  const ids: string[] = new Array<string>(RUNS);
  const steps = Array.from({ length: POINTS }, (_, i) => i);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < RUNS; i = next++) {
      const { id } = await call("POST", "/runs", { project: `${WORKSPACE}/${PROJECT}`, name: `sweep-${String(i).padStart(3, "0")}`, params: { lr: 10 ** -(1 + (i % 4)), batch_size: [32, 64, 128][i % 3], optimizer: { name: i % 2 ? "adam" : "sgd" }, seed: i } });
      if (!id) throw new Error("POST /runs answered without an id");
      await call("POST", `/runs/${id}/metrics`, { series: KEYS.map((k) => ({ key: k, steps, values: curve(i, k) })) });
      await call("PATCH", `/runs/${id}`, { status: "finished" });
      ids[i] = id;
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return ids;
}

/**
 * Installed before any page script: long tasks, event timings, and when every curve is drawn
 * (plain JavaScript: a compiled function would carry the compiler's helpers into the page).
 */
function instrument({ expectedTraces, charts, selector }: { expectedTraces: number; charts: number; selector: string }): string {
  return `(() => {
  const state = { longTasks: [], events: [], firstDrawnAt: null, allDrawnAt: null };
  window.__bench = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.events.push({ name: e.name, start: e.startTime, delay: e.processingStart - e.startTime, duration: e.duration });
    }).observe({ type: "event", buffered: true, durationThreshold: 16 });
  } catch {}
  // Drawn, not only handed to Plotly: the SVG has a path per line.
  const drawnTraces = (plot) => Math.min((plot.data || []).filter((t) => t.name && t.showlegend !== false).length, plot.querySelectorAll(".scatterlayer .trace").length);
  // Checked on every DOM change (a timer would be starved while the page is busy).
  const check = () => {
    const counts = [...document.querySelectorAll(${JSON.stringify(selector)})].map(drawnTraces);
    const now = performance.now();
    if (state.firstDrawnAt === null && counts.some((n) => n >= ${expectedTraces})) state.firstDrawnAt = now;
    if (counts.length >= ${charts} && counts.every((n) => n >= ${expectedTraces})) {
      state.allDrawnAt = now;
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();`;
}

interface Measure {
  firstDrawnMs: number;
  allDrawnMs: number;
  longTasks: number;
  longestTaskMs: number;
  tbtMs: number;
  inputP50Ms: number;
  inputMaxMs: number;
  eventMaxMs: number;
  legendToggleMs: number | null;
  legendToggleLongestMs: number | null;
  /** Longest task once scrolled to parallel coordinates and the scatter. */
  figuresLongestMs: number | null;
  load: string;
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(" ");
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? Number.NaN;

type BenchState = { longTasks: { start: number; duration: number }[]; events: { name: string; start: number; delay: number; duration: number }[]; firstDrawnAt: number | null; allDrawnAt: number | null };

/**
 * Opens `target`, hovering over the charts every PROBE_EVERY_MS while it loads and timing each
 * move from dispatch to the renderer's acknowledgement (a blocked main thread holds it up).
 */
async function measure(context: BrowserContext, target: string, opts: { charts: number; selector: string; legend?: { label: string; selector: string }; figures?: boolean; profile?: boolean }): Promise<Measure> {
  const page = await context.newPage();
  await page.addInitScript({ content: instrument({ expectedTraces: RUNS, charts: opts.charts, selector: opts.selector }) });
  const cdp = opts.profile ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
    await cdp.send("Profiler.start");
  }
  const load = loadAverage();
  const probes: number[] = [];
  let done = false;
  const probing = (async () => {
    await page.waitForLoadState("domcontentloaded").catch(() => undefined);
    // Until measured, or until the page is gone (a failed step closes the browser).
    for (let i = 0; !done && !page.isClosed(); i++) {
      const started = performance.now();
      // A renderer that never acknowledges must not hang the benchmark.
      await Promise.race([page.mouse.move(340 + (i % 2) * 40, 420 + (i % 3) * 10).catch(() => undefined), sleep(10_000)]);
      probes.push(performance.now() - started);
      await sleep(PROBE_EVERY_MS);
    }
  })();
  await page.goto(target, { waitUntil: "commit" });
  try {
    await page.waitForFunction(() => (window as unknown as { __bench: BenchState }).__bench.allDrawnAt !== null, undefined, { timeout: 180_000, polling: 250 });
  } catch (error) {
    const drawn = await page
      .evaluate((selector) => [...document.querySelectorAll<HTMLElement & { data?: unknown[] }>(selector)].map((p) => `${p.data?.length ?? 0} traces, ${p.querySelectorAll(".scatterlayer .trace").length} drawn`), opts.selector)
      .catch(() => []);
    done = true;
    await probing;
    throw new Error(`Not every curve was drawn at ${target} (${drawn.join("; ") || "no plots"})`, { cause: error });
  }
  await sleep(SETTLE_MS);
  done = true;
  await probing;
  const state = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
  if (cdp) {
    const { profile } = await cdp.send("Profiler.stop");
    report(profile as CpuProfile);
  }
  const until = (state.allDrawnAt ?? 0) + SETTLE_MS;
  const tasks = state.longTasks.filter((t) => t.start <= until);

  let legendToggleMs: number | null = null;
  let legendToggleLongestMs: number | null = null;
  if (opts.legend) {
    // Hiding a run: from the click until every chart has one line fewer.
    const before = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench.longTasks.length);
    const started = await page.evaluate(() => performance.now());
    await page.getByRole("checkbox", { name: opts.legend.label }).click();
    await page.waitForFunction(
      ({ selector, expected }) =>
        [...document.querySelectorAll<HTMLElement & { data?: { name?: string; showlegend?: boolean }[] }>(selector)].every((p) => (p.data ?? []).filter((t) => t.name && t.showlegend !== false).length === expected),
      { selector: opts.legend.selector, expected: RUNS - 1 },
      { timeout: 60_000, polling: "raf" },
    );
    const ended = await page.evaluate(() => performance.now());
    legendToggleMs = Math.round(ended - started);
    await sleep(300);
    const after = await page.evaluate((from) => (window as unknown as { __bench: BenchState }).__bench.longTasks.slice(from), before);
    legendToggleLongestMs = Math.round(Math.max(0, ...after.map((t) => t.duration)));
  }
  let figuresLongestMs: number | null = null;
  if (opts.figures) {
    // Scrolled down to the params figures: parallel coordinates (SVG) and the scatter (Plotly) draw then.
    const before = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench.longTasks.length);
    await page.getByTestId("parallel-coordinates").scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="parallel-coordinates"] [data-testid="parallel-line"]').length > 0 &&
        [...document.querySelectorAll<HTMLElement & { data?: unknown[] }>('[data-testid="param-scatter"] .js-plotly-plot')].some((p) => (p.data ?? []).length > 0),
      undefined,
      { timeout: 60_000, polling: 100 },
    );
    await sleep(SETTLE_MS);
    const after = await page.evaluate((from) => (window as unknown as { __bench: BenchState }).__bench.longTasks.slice(from), before);
    figuresLongestMs = Math.round(Math.max(0, ...after.map((t) => t.duration)));
  }
  await page.close();
  return {
    firstDrawnMs: Math.round(state.firstDrawnAt ?? Number.NaN),
    allDrawnMs: Math.round(state.allDrawnAt ?? Number.NaN),
    longTasks: tasks.length,
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    tbtMs: Math.round(tasks.reduce((sum, t) => sum + Math.max(0, t.duration - LONG_TASK_MS), 0)),
    inputP50Ms: Math.round(quantile(probes, 0.5)),
    inputMaxMs: Math.round(Math.max(0, ...probes)),
    eventMaxMs: Math.round(Math.max(0, ...state.events.map((e) => e.duration))),
    legendToggleMs,
    legendToggleLongestMs,
    figuresLongestMs,
    load,
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where the main thread's time went during the page load: the stretches of back-to-back
 * samples longer than a long task, each with the functions that took most of it (inclusive),
 * then self time over the whole load.
 */
function report(profile: CpuProfile): void {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return "?";
    const file = frame.url.split("/").pop() ?? "";
    return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
  };
  const idle = (id: number) => /^\((idle|program)\)/.test(name(id));
  const generic = /^\((root|idle|program|garbage collector)\)|^\(anonymous\) :/;
  const top = (m: Map<string, number>, count: number) =>
    [...m.entries()]
      .filter(([n]) => !generic.test(n))
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([n, ms]) => `    ${ms.toFixed(0).padStart(6)} ms  ${n}`)
      .join("\n");
  const self = new Map<string, number>();
  interface Stretch {
    start: number;
    ms: number;
    total: Map<string, number>;
  }
  let stretch: Stretch | null = null;
  const stretches: Stretch[] = [];
  let now = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    now += (profile.timeDeltas[i] ?? 0) / 1000;
    if (idle(id)) {
      if (stretch && stretch.ms > LONG_TASK_MS) stretches.push(stretch);
      stretch = null;
      return;
    }
    self.set(name(id), (self.get(name(id)) ?? 0) + dt);
    stretch ??= { start: now, ms: 0, total: new Map() };
    stretch.ms += dt;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = name(at);
      if (seen.has(n)) continue;
      seen.add(n);
      stretch.total.set(n, (stretch.total.get(n) ?? 0) + dt);
    }
  });
  for (const s of stretches) say(`  busy ${s.ms.toFixed(0)} ms from +${s.start.toFixed(0)} ms:\n${top(s.total, 12)}`);
  say(`  self time over the load:\n${top(self, 20)}`);
}

/** The bare page: the same Plotly bundle, the same series, one newPlot of every trace per key. */
function baselineHtml(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>
<style>body{margin:0;font:11px sans-serif}.grid{display:grid;grid-template-columns:1fr 1fr;gap:12px;padding:200px 24px}.plot{height:260px}</style></head>
<body><div class="grid">${KEYS.map((k) => `<div class="plot" data-key="${k}"></div>`).join("")}</div>
<script src="/__bench/plotly.js"></script>
<script>
fetch("/__bench/data.json").then((r) => r.json()).then(async (data) => {
  for (const div of document.querySelectorAll(".plot")) {
    const series = data[div.dataset.key];
    const traces = series.map((s) => ({ type: "scatter", mode: "lines", name: s.name, x: s.steps, y: s.values, line: { width: 1.5 }, hovertemplate: "<b>%{fullData.name}</b><br>step %{x}<br>%{y:.6~g}<extra></extra>" }));
    await Plotly.newPlot(div, traces, { height: 260, autosize: true, margin: { l: 8, r: 8, t: 6, b: 8 }, showlegend: false, hovermode: "closest", hoverdistance: 20, xaxis: { automargin: true }, yaxis: { automargin: true } }, { responsive: true, displaylogo: false, displayModeBar: "hover" });
  }
});
</script></body></html>`;
}

/** The series the page drew, asked for the same way: chunks of runs at the page's points per series. */
async function fetchSeries(context: BrowserContext, url: string, ids: string[], maxPoints: number) {
  const data: Record<string, { name: string; steps: number[]; values: (number | string | null)[] }[]> = {};
  for (const key of KEYS) {
    data[key] = [];
    for (let i = 0; i < ids.length; i += RUNS_PER_REQUEST) {
      const chunk = ids.slice(i, i + RUNS_PER_REQUEST);
      const response = await context.request.get(`${url}/api/v1/series?${new URLSearchParams({ key, runs: chunk.join(","), maxPoints: String(maxPoints) })}`);
      const body = (await response.json()) as { series: Record<string, { steps: number[]; values: (number | string | null)[] }> };
      for (const id of chunk) {
        const s = body.series[id];
        if (s) data[key].push({ name: `sweep-${String(ids.indexOf(id)).padStart(3, "0")}`, steps: s.steps, values: s.values });
      }
    }
  }
  return data;
}

const median = (values: number[]) => quantile(values, 0.5);

function line(label: string, m: Measure): string {
  const toggle = m.legendToggleMs === null ? "" : `; legend toggle redrawn in ${m.legendToggleMs} ms (longest task ${m.legendToggleLongestMs} ms); scrolled to the params figures: longest task ${m.figuresLongestMs} ms`;
  return `${label}: first chart complete ${m.firstDrawnMs} ms, all curves ${m.allDrawnMs} ms; ${m.longTasks} long tasks, longest ${m.longestTaskMs} ms, TBT ${m.tbtMs} ms; hover answered p50 ${m.inputP50Ms} ms, max ${m.inputMaxMs} ms; slowest event ${m.eventMaxMs} ms${toggle} (load ${m.load})`;
}

async function main() {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    say("No production build: run `npm run build` first.");
    process.exit(1);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-bench-compare-"));
  const logFile = path.join(dataDir, "server.log");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, LABBOOK_DATA_DIR: dataDir, NODE_ENV: "production", LOG_LEVEL: "warn" };
  for (const name of ["LABBOOK_OPEN_SIGNUP", "DATABASE_URL", "LABBOOK_PUBLIC_URL", "PORT", "HOST"]) delete env[name];
  const log = fs.openSync(logFile, "a");
  const server = spawn(process.execPath, ["bin/labbook.mjs", "serve", "--port", String(port)], { cwd: root, env, stdio: ["ignore", log, log] });
  let browser: Browser | null = null;
  try {
    await waitHealthy(url, server, logFile);
    progress(`server up at ${url}`);
    const executablePath = process.env.CHROMIUM_PATH || execSync("command -v chromium || command -v chromium-browser", { shell: "/bin/sh" }).toString().trim();
    browser = await chromium.launch({ executablePath });
    const owner = await browser.newContext({ viewport: VIEWPORT });
    await setUp(owner, url);
    const seeded = performance.now();
    progress("set up; seeding");
    const ids = await seed(owner, url);
    say(`seeded ${RUNS} runs × ${POINTS} points × ${KEYS.length} keys in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const storageState = await owner.storageState();
    const comparePath = `${url}/${WORKSPACE}/${PROJECT}/compare?runs=${ids.join(",")}`;

    // Warm the server's route (the first render compiles nothing in production, but fills caches).
    const warm = await browser.newContext({ viewport: VIEWPORT, storageState });
    await (await warm.newPage()).goto(comparePath);
    await warm.close();

    const plotly = fs.readFileSync(path.join(root, "node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js"));
    const selector = '[data-testid="metric-chart"] .js-plotly-plot';
    const results: Measure[] = [];
    const baselines: Measure[] = [];
    let maxPoints = 0;
    for (let r = 0; r < REPEAT; r++) {
      const context = await browser.newContext({ viewport: VIEWPORT, storageState });
      context.on("request", (request) => {
        const asked = new URL(request.url()).searchParams.get("maxPoints");
        if (request.url().includes("/api/v1/series?") && asked) maxPoints = Number(asked);
      });
      progress(`round ${r + 1}: compare page`);
      const m = await measure(context, comparePath, { charts: KEYS.length, selector, legend: { label: "Show sweep-000", selector }, figures: true, profile: flags.profile && r === 0 });
      say(line(`compare page, ${RUNS} runs`, m));
      results.push(m);
      await context.close();

      const data = JSON.stringify(await fetchSeries(owner, url, ids, maxPoints));
      const bare = await browser.newContext({ viewport: VIEWPORT, storageState });
      await bare.route(`${url}/__bench/**`, (route) => {
        const asked = new URL(route.request().url()).pathname;
        if (asked === "/__bench/plotly.js") return route.fulfill({ body: plotly, contentType: "text/javascript" });
        if (asked === "/__bench/data.json") return route.fulfill({ body: data, contentType: "application/json" });
        return route.fulfill({ body: baselineHtml(), contentType: "text/html" });
      });
      progress(`round ${r + 1}: bare page`);
      const b = await measure(bare, `${url}/__bench/page`, { charts: KEYS.length, selector: ".plot.js-plotly-plot" });
      say(line(`bare Plotly page (${maxPoints} points per series)`, b));
      baselines.push(b);
      await bare.close();
    }
    const pick = (list: Measure[], field: keyof Measure) => median(list.map((m) => Number(m[field])));
    const result = {
      runs: RUNS,
      points: POINTS,
      keys: KEYS.length,
      points_per_series_drawn: maxPoints,
      all_drawn_ms: pick(results, "allDrawnMs"),
      first_drawn_ms: pick(results, "firstDrawnMs"),
      long_tasks: pick(results, "longTasks"),
      longest_task_ms: pick(results, "longestTaskMs"),
      tbt_ms: pick(results, "tbtMs"),
      input_p50_ms: pick(results, "inputP50Ms"),
      input_max_ms: pick(results, "inputMaxMs"),
      legend_toggle_ms: pick(results, "legendToggleMs"),
      legend_toggle_longest_task_ms: pick(results, "legendToggleLongestMs"),
      figures_longest_task_ms: pick(results, "figuresLongestMs"),
      baseline_all_drawn_ms: pick(baselines, "allDrawnMs"),
      baseline_long_tasks: pick(baselines, "longTasks"),
      baseline_longest_task_ms: pick(baselines, "longestTaskMs"),
      baseline_tbt_ms: pick(baselines, "tbtMs"),
      baseline_input_max_ms: pick(baselines, "inputMaxMs"),
      repeats: REPEAT,
      load: loadAverage(),
    };
    say(JSON.stringify(result));
  } finally {
    await browser?.close();
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      const timer = setTimeout(() => server.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
